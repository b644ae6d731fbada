// The table's key formats and the bucket's object keys: each built in one module (functions/store/keys.ts,
// functions/store/object-keys.ts). Pure: no store is needed.
//
// 1. Every format is pinned here byte for byte, writes and queries alike: items already in the table must
//    keep being found.
// 2. No other module spells a key: the sources are scanned for key labels, hand-made partitions and
//    sort-key parsing, and for the object prefix.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addresseeId,
  auditByEntity,
  auditKey,
  awardedByRound,
  awardedCellOf,
  awardedCounterKey,
  campaignKey,
  campaignList,
  documentKey,
  documentsByDossier,
  dossierById,
  dossierKey,
  dossiersByRound,
  dossiersByUnit,
  extensionKey,
  extensionsByRound,
  idempotencyKey,
  mailClaimKey,
  indexResultKey,
  indexResultsByUnit,
  indexResultsByYear,
  KEY_ATTRIBUTES,
  KEY_LABELS,
  movementReportById,
  movementReportKey,
  movementReportsByYear,
  nominationKey,
  nominationsByDossier,
  nominationsByRound,
  nomineeLockKey,
  nomineeLocksByRound,
  notificationById,
  notificationKey,
  notificationOutbox,
  notificationsByAddressee,
  refKey,
  reportDocumentKey,
  reportDocumentsByReport,
  roundKey,
  roundList,
  roundSlotKey,
  unitDossierLockKey,
  unitKey,
  unitsByParent,
  unitsByTier,
} from '#functions/store/keys.ts';
import {
  DOCUMENT_OBJECT_PREFIXES,
  DOSSIER_OBJECT_PREFIX,
  MOVEMENT_REPORT_OBJECT_PREFIX,
  objectKeyOf,
  parseObjectKey,
  parseReportObjectKey,
  reportObjectKeyOf,
} from '#functions/store/object-keys.ts';

const ROOT = join(import.meta.dirname, '../..');
const AT = '2024-05-01T00:00:00.000Z';

describe('key formats, byte for byte (the header table of keys.ts)', () => {
  it('base-table keys of every entity', () => {
    expect(unitKey('u1')).toEqual({ pk: 'UNIT#u1', sk: 'UNIT' });
    expect(indexResultKey('u1', 2024)).toEqual({ pk: 'UNIT#u1', sk: 'INDEX#2024' });
    expect(campaignKey('c1')).toEqual({ pk: 'CAMPAIGN#c1', sk: 'CAMPAIGN' });
    expect(roundKey('r1')).toEqual({ pk: 'ROUND#r1', sk: 'ROUND' });
    expect(roundSlotKey('c1', 'annual', '2025')).toEqual({ pk: 'CAMPAIGN#c1', sk: 'ROUNDSLOT#annual#2025' });
    expect(extensionKey('r1', 'u1')).toEqual({ pk: 'ROUND#r1', sk: 'EXT#u1' });
    expect(awardedCounterKey('r1', 'province', 'collective')).toEqual({
      pk: 'ROUND#r1',
      sk: 'AWARDED#province#collective',
    });
    expect(nomineeLockKey('r1', 'P#u1#nguyen van a#1980-01-01')).toEqual({
      pk: 'ROUND#r1',
      sk: 'NOMINEE#P#u1#nguyen van a#1980-01-01',
    });
    expect(unitDossierLockKey('r1', 'u1')).toEqual({ pk: 'ROUND#r1', sk: 'UNITDOSSIER#u1' });
    expect(dossierKey('d1')).toEqual({ pk: 'DOSSIER#d1', sk: 'DOSSIER' });
    expect(nominationKey('d1', 'n1')).toEqual({ pk: 'DOSSIER#d1', sk: 'NOM#n1' });
    expect(documentKey('d1', 'f1')).toEqual({ pk: 'DOSSIER#d1', sk: 'DOC#f1' });
    expect(refKey('n1')).toEqual({ pk: 'REF#n1', sk: 'REF' });
    expect(movementReportKey('u1', 2026)).toEqual({ pk: 'MOVREPORT#u1#2026', sk: 'MOVREPORT' });
    expect(reportDocumentKey('u1', 2026, 'f1')).toEqual({ pk: 'MOVREPORT#u1#2026', sk: 'DOC#f1' });
    expect(auditKey('d1', AT, 'a1')).toEqual({ pk: 'AUDIT#d1', sk: `${AT}#a1` });
    expect(notificationKey({ unitId: 'u1' }, 'x:1')).toEqual({ pk: 'NOTIF#UNIT#u1', sk: 'x:1' });
    expect(notificationKey({ role: 'admin' }, 'x:1')).toEqual({ pk: 'NOTIF#ROLE#admin', sk: 'x:1' });
    expect(idempotencyKey('user-1', 'k-1')).toEqual({ pk: 'IDEMP#user-1#k-1', sk: 'IDEMP' });
    expect(mailClaimKey('x:1', 'a@b.vn')).toEqual({ pk: 'MAIL#x:1', sk: 'TO#a@b.vn' });
  });

  it('index keys of every entity', () => {
    expect(unitsByTier.keys({ tier: 'district', unitId: 'u1' })).toEqual({
      gsi1pk: 'UNITS',
      gsi1sk: 'district#u1',
    });
    expect(unitsByParent.keys({ parentUnitId: 'p1', unitId: 'u1' })).toEqual({
      gsi2pk: 'UNITCHILDREN#p1',
      gsi2sk: 'u1',
    });
    expect(indexResultsByYear.keys({ year: 2024, unitId: 'u1' })).toEqual({
      gsi1pk: 'INDEX#2024',
      gsi1sk: 'u1',
    });
    expect(campaignList.keys({ campaignId: 'c1' })).toEqual({ gsi1pk: 'CAMPAIGNS', gsi1sk: 'c1' });
    expect(roundList.keys({ roundId: 'r1' })).toEqual({ gsi1pk: 'ROUNDS', gsi1sk: 'r1' });
    const dossier = { unitId: 'u1', roundId: 'r1', dossierId: 'd1', status: 'draft' };
    expect(dossiersByUnit.keys(dossier)).toEqual({ gsi1pk: 'UNITDOSSIERS#u1', gsi1sk: 'r1#d1' });
    expect(dossiersByRound.keys(dossier)).toEqual({ gsi2pk: 'ROUNDDOSSIERS#r1', gsi2sk: 'draft#u1#d1' });
    expect(
      nominationsByRound.keys({
        roundId: 'r1',
        status: 'proposed',
        tier: 'province',
        nomineeType: 'individual',
        nominationId: 'n1',
      }),
    ).toEqual({ gsi2pk: 'ROUNDNOMS#r1', gsi2sk: 'proposed#province#individual#n1' });
    const notification = { createdAt: AT, notificationId: 'x:1' };
    expect(
      notificationsByAddressee.keys({ ...notification, addressee: addresseeId({ unitId: 'u1' }) }),
    ).toEqual({ gsi1pk: 'NOTIFS#UNIT#u1', gsi1sk: `${AT}#x:1` });
    expect(notificationOutbox.keys(notification)).toEqual({ gsi2pk: 'NOTIFOUTBOX', gsi2sk: `${AT}#x:1` });
    expect(movementReportsByYear.keys({ year: 2026, status: 'submitted', unitId: 'u1' })).toEqual({
      gsi1pk: 'MOVREPORTS#2026',
      gsi1sk: 'submitted#u1',
    });
  });

  it('query conditions: the partition, and the sort-key prefix of the leading parts given', () => {
    expect(unitsByTier.query({})).toEqual({ index: 'gsi1', pk: 'UNITS' });
    expect(unitsByTier.query({ tier: 'province' })).toEqual({
      index: 'gsi1',
      pk: 'UNITS',
      skPrefix: 'province#',
    });
    expect(unitsByParent.query({ parentUnitId: 'p1' })).toEqual({ index: 'gsi2', pk: 'UNITCHILDREN#p1' });
    expect(indexResultsByUnit.query({ unitId: 'u1' })).toEqual({ pk: 'UNIT#u1', skPrefix: 'INDEX#' });
    expect(indexResultsByYear.query({ year: 2024 })).toEqual({ index: 'gsi1', pk: 'INDEX#2024' });
    expect(roundList.query({})).toEqual({ index: 'gsi1', pk: 'ROUNDS' });
    expect(extensionsByRound.query({ roundId: 'r1' })).toEqual({ pk: 'ROUND#r1', skPrefix: 'EXT#' });
    expect(awardedByRound.query({ roundId: 'r1' })).toEqual({ pk: 'ROUND#r1', skPrefix: 'AWARDED#' });
    expect(dossierById.partition({ dossierId: 'd1' })).toEqual({ pk: 'DOSSIER#d1' });
    expect(documentsByDossier.query({ dossierId: 'd1' })).toEqual({ pk: 'DOSSIER#d1', skPrefix: 'DOC#' });
    expect(dossiersByUnit.query({ unitId: 'u1' })).toEqual({ index: 'gsi1', pk: 'UNITDOSSIERS#u1' });
    expect(dossiersByUnit.query({ unitId: 'u1', roundId: 'r1' })).toEqual({
      index: 'gsi1',
      pk: 'UNITDOSSIERS#u1',
      skPrefix: 'r1#',
    });
    expect(dossiersByRound.query({ roundId: 'r1', status: undefined })).toEqual({
      index: 'gsi2',
      pk: 'ROUNDDOSSIERS#r1',
    });
    expect(dossiersByRound.query({ roundId: 'r1', status: 'expired' })).toEqual({
      index: 'gsi2',
      pk: 'ROUNDDOSSIERS#r1',
      skPrefix: 'expired#',
    });
    expect(nominationsByRound.query({ roundId: 'r1', status: 'recommended' })).toEqual({
      index: 'gsi2',
      pk: 'ROUNDNOMS#r1',
      skPrefix: 'recommended#',
    });
    expect(auditByEntity.query({ entityId: 'd1' })).toEqual({ pk: 'AUDIT#d1' });
    expect(notificationById.query({ addressee: addresseeId({ role: 'admin' }) })).toEqual({
      pk: 'NOTIF#ROLE#admin',
    });
    expect(notificationsByAddressee.query({ addressee: addresseeId({ unitId: 'u1' }) })).toEqual({
      index: 'gsi1',
      pk: 'NOTIFS#UNIT#u1',
    });
    expect(notificationOutbox.query({})).toEqual({ index: 'gsi2', pk: 'NOTIFOUTBOX' });
    expect(movementReportById.partition({ unitId: 'u1', year: 2026 })).toEqual({ pk: 'MOVREPORT#u1#2026' });
    expect(movementReportsByYear.query({ year: 2026, status: 'submitted' })).toEqual({
      index: 'gsi1',
      pk: 'MOVREPORTS#2026',
      skPrefix: 'submitted#',
    });
  });

  it('the attributes each pattern writes, and what the store strips', () => {
    expect(dossierById.attributes).toEqual({ pk: 'pk', sk: 'sk' });
    expect(notificationsByAddressee.attributes).toEqual({ pk: 'gsi1pk', sk: 'gsi1sk' });
    expect(notificationOutbox.attributes).toEqual({ pk: 'gsi2pk', sk: 'gsi2sk' });
    expect([...KEY_ATTRIBUTES].sort()).toEqual(
      ['entity', 'expiresAt', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'pk', 'sk'].sort(),
    );
  });

  it('items read back from a shared partition are told apart by their sort keys', () => {
    const partition = [
      { ...dossierKey('d1'), entity: 'dossier' },
      { ...nominationKey('d1', 'n1'), entity: 'nomination' },
      { ...documentKey('d1', 'f1'), entity: 'document' },
    ];
    expect(partition.filter((i) => dossierById.holds(i)).map((i) => i.entity)).toEqual(['dossier']);
    expect(partition.filter((i) => nominationsByDossier.holds(i)).map((i) => i.entity)).toEqual([
      'nomination',
    ]);
    expect(partition.filter((i) => documentsByDossier.holds(i)).map((i) => i.entity)).toEqual(['document']);
    expect(dossierById.holds({ sk: 'DOSSIERX' })).toBe(false);
    const report = [
      { ...movementReportKey('u1', 2026), entity: 'movement_report' },
      { ...reportDocumentKey('u1', 2026, 'f1'), entity: 'report_document' },
    ];
    expect(report.filter((i) => movementReportById.holds(i)).map((i) => i.entity)).toEqual([
      'movement_report',
    ]);
    expect(report.filter((i) => reportDocumentsByReport.holds(i)).map((i) => i.entity)).toEqual([
      'report_document',
    ]);
  });

  it('an awarded counter names its quota cell; a nominee lock keeps the #s of its nominee key', () => {
    expect(awardedCellOf(awardedCounterKey('r1', 'district', 'individual'))).toEqual({
      tier: 'district',
      nomineeType: 'individual',
    });
    expect(awardedCellOf(extensionKey('r1', 'u1'))).toBeUndefined();
    expect(awardedCellOf({ sk: 'AWARDED#district' })).toBeUndefined();
    expect(nomineeLocksByRound.sortKeyParts(nomineeLockKey('r1', 'P#cid#001'))).toEqual({
      nomineeKey: 'P#cid#001',
    });
  });
});

describe('S3 object keys (R-DOC-2)', () => {
  it('dossiers/{roundId}/{unitId}/{dossierId}/{documentId}, and read back only when of that shape', () => {
    const parts = { roundId: 'r1', unitId: 'u1', dossierId: 'd1', documentId: 'f1' };
    expect(DOSSIER_OBJECT_PREFIX).toBe('dossiers/');
    expect(objectKeyOf(parts)).toBe('dossiers/r1/u1/d1/f1');
    expect(parseObjectKey(objectKeyOf(parts))).toEqual(parts);
    expect(parseObjectKey('uploads/r1/u1/d1/f1')).toBeUndefined();
    expect(parseObjectKey('dossiers/r1/u1/d1/f1/extra')).toBeUndefined();
  });

  it('R-REP-1: movement-reports/{year}/{unitId}/{documentId}, and read back only when of that shape', () => {
    const parts = { unitId: 'u1', year: 2026, documentId: 'f1' };
    expect(MOVEMENT_REPORT_OBJECT_PREFIX).toBe('movement-reports/');
    expect(DOCUMENT_OBJECT_PREFIXES).toEqual(['dossiers/', 'movement-reports/']);
    expect(reportObjectKeyOf(parts)).toBe('movement-reports/2026/u1/f1');
    expect(parseReportObjectKey(reportObjectKeyOf(parts))).toEqual(parts);
    expect(parseReportObjectKey('movement-reports/20x6/u1/f1')).toBeUndefined();
    expect(parseReportObjectKey('movement-reports/2026/u1/f1/extra')).toBeUndefined();
    expect(
      parseReportObjectKey(objectKeyOf({ roundId: 'r1', unitId: 'u1', dossierId: 'd1', documentId: 'f1' })),
    ).toBeUndefined();
    expect(parseObjectKey(reportObjectKeyOf(parts))).toBeUndefined();
  });
});

// ---- no key spelled outside its module ----

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Lines of these files that match, as `file:line: text` (readable in a failure). */
function findings(files: readonly string[], pattern: RegExp): string[] {
  const found: Finding[] = [];
  for (const file of files) {
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (pattern.test(text)) found.push({ file, line: i + 1, text: text.trim() });
      });
  }
  return found.map((f) => `${f.file}:${f.line}: ${f.text}`);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('every key is built in its module and nowhere else', () => {
  const code = [...sources('functions'), ...sources('local')];
  const outsideKeys = code.filter((f) => f !== 'functions/store/keys.ts');

  it('knows the labels of the key formats it checks for', () => {
    expect([...KEY_LABELS].sort()).toEqual(
      [
        'AUDIT',
        'AWARDED',
        'CAMPAIGN',
        'CAMPAIGNS',
        'DOC',
        'DOSSIER',
        'EXT',
        'IDEMP',
        'INDEX',
        'MAIL',
        'MOVREPORT',
        'MOVREPORTS',
        'NOM',
        'NOMINEE',
        'NOTIF',
        'NOTIFOUTBOX',
        'NOTIFS',
        'PREDECESSOR',
        'REF',
        'ROLE',
        'ROUND',
        'ROUNDDOSSIERS',
        'ROUNDNOMS',
        'ROUNDS',
        'ROUNDSLOT',
        'TO',
        'UNIT',
        'UNITCHILDREN',
        'UNITDOSSIER',
        'UNITDOSSIERS',
        'UNITS',
      ].sort(),
    );
  });

  it('no template literal makes a key of a label and a value (LABEL# then a placeholder)', () => {
    expect(findings(outsideKeys, /\b[A-Z][A-Z0-9_]*#\$\{/)).toEqual([]);
  });

  it('no quoted key label, whole (a partition such as UNITS) or as a prefix (EXT#…)', () => {
    const labels = [...KEY_LABELS].map(escapeRegExp).join('|');
    expect(findings(outsideKeys, new RegExp(`(['"\`])(${labels})(#|\\1)`))).toEqual([]);
  });

  it('no sort key compared, cast or split by hand, and no index attribute named by hand', () => {
    const schema = 'functions/store/table-schema.ts';
    expect(findings(outsideKeys, /\.(pk|sk)\b\s*(===|!==|as\b)|split\(\s*['"`]#['"`]\s*\)/)).toEqual([]);
    expect(
      findings(
        outsideKeys.filter((f) => f !== schema),
        /\bgsi\d(pk|sk)\b/,
      ),
    ).toEqual([]);
  });

  it('the S3 object prefixes are spelled once, for the functions and the stacks alike', () => {
    const all = [...code, ...sources('infra')].filter((f) => f !== 'functions/store/object-keys.ts');
    expect(findings(all, /(['"`])(dossiers|movement-reports)\//)).toEqual([]);
  });
});
