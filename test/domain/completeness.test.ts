import { describe, expect, it } from 'vitest';
import {
  assertComplete,
  CITATION_MAX_CHARS,
  type CompletenessArgs,
  missingForSubmission,
} from '../../domain/completeness.ts';
import { DossierIncompleteError } from '../../domain/errors.ts';
import type { DocumentRef, NominationContent, NominationStatus } from '../../domain/types.ts';
import { doc, nomination, person } from './fixtures.ts';

const DOSSIER_DOCS: DocumentRef[] = [doc('d-letter', 'proposal_letter'), doc('d-minutes', 'council_minutes')];

function nom(
  nominationId: string,
  content: Partial<NominationContent> = {},
  status: NominationStatus = 'draft',
) {
  return { nominationId, status, content: nomination(content) };
}

function complete(): CompletenessArgs {
  return {
    nominations: [
      nom('n1'),
      nom('n2', { nomineeType: 'individual', nominee: person('so-noi-vu'), criteriaClaimed: ['AI1'] }),
    ],
    documents: [
      ...DOSSIER_DOCS,
      doc('d-r1', 'achievement_report', 'verified', 'n1'),
      doc('d-r2', 'achievement_report', 'verified', 'n2'),
    ],
  };
}

const paths = (args: CompletenessArgs) => missingForSubmission(args).map((e) => e.path);

describe('R-DOS-3: submission completeness', () => {
  it('R-DOS-3: a complete dossier has nothing missing', () => {
    expect(missingForSubmission(complete())).toEqual([]);
    expect(() => assertComplete(complete())).not.toThrow();
  });

  it('R-DOS-1 / R-DOS-3: a dossier without nominations cannot be submitted', () => {
    expect(paths({ nominations: [], documents: DOSSIER_DOCS })).toEqual(['nominations']);
  });

  it('R-DOS-3: withdrawn nominations do not count, nor need anything', () => {
    const args: CompletenessArgs = {
      nominations: [nom('n1', { citationText: '' }, 'withdrawn')],
      documents: DOSSIER_DOCS,
    };
    expect(paths(args)).toEqual(['nominations']);
    const mixed = complete();
    expect(paths({ ...mixed, nominations: [...mixed.nominations, nom('n3', {}, 'withdrawn')] })).toEqual([]);
  });

  it.each<{ what: string; documents: DocumentRef[]; missing: string[] }>([
    {
      what: 'no dossier documents',
      documents: [],
      missing: ['documents.proposal_letter', 'documents.council_minutes'],
    },
    {
      what: 'a pending proposal letter',
      documents: [doc('d', 'proposal_letter', 'pending'), doc('m', 'council_minutes')],
      missing: ['documents.proposal_letter'],
    },
    {
      what: 'rejected council minutes',
      documents: [doc('d', 'proposal_letter'), doc('m', 'council_minutes', 'rejected')],
      missing: ['documents.council_minutes'],
    },
    {
      what: 'a rejected and a verified proposal letter',
      documents: [
        doc('d0', 'proposal_letter', 'rejected'),
        doc('d', 'proposal_letter'),
        doc('m', 'council_minutes'),
      ],
      missing: [],
    },
  ])('R-DOS-2: $what → missing $missing', ({ documents, missing }) => {
    const args = complete();
    const reports = args.documents.filter((d) => d.kind === 'achievement_report');
    expect(paths({ ...args, documents: [...documents, ...reports] })).toEqual(missing);
  });

  it.each<{ what: string; reports: DocumentRef[]; missing: string[] }>([
    {
      what: 'no achievement reports',
      reports: [],
      missing: ['nominations.n1.achievement_report', 'nominations.n2.achievement_report'],
    },
    {
      what: 'an unverified report for n2',
      reports: [
        doc('r1', 'achievement_report', 'verified', 'n1'),
        doc('r2', 'achievement_report', 'pending', 'n2'),
      ],
      missing: ['nominations.n2.achievement_report'],
    },
    {
      what: 'both reports attached to n1',
      reports: [
        doc('r1', 'achievement_report', 'verified', 'n1'),
        doc('r2', 'achievement_report', 'verified', 'n1'),
      ],
      missing: ['nominations.n2.achievement_report'],
    },
    {
      what: 'a report without a nomination',
      reports: [doc('r1', 'achievement_report', 'verified', 'n1'), doc('r2', 'achievement_report')],
      missing: ['nominations.n2.achievement_report'],
    },
  ])('R-DOS-2: $what → missing $missing', ({ reports, missing }) => {
    expect(paths({ ...complete(), documents: [...DOSSIER_DOCS, ...reports] })).toEqual(missing);
  });

  it('R-DOS-2: the message says why a document is missing', () => {
    const [item] = missingForSubmission({
      ...complete(),
      documents: [doc('d', 'proposal_letter', 'pending'), ...complete().documents.slice(1)],
    });
    expect(item!.message.vi).toContain('văn bản đề nghị khen thưởng');
    expect(item!.message.vi).toContain('chưa được xác minh');
  });

  it.each([
    { what: 'an empty citation', content: { citationText: '' }, missing: ['nominations.n1.citationText'] },
    {
      what: 'a blank citation',
      content: { citationText: '  \n ' },
      missing: ['nominations.n1.citationText'],
    },
    {
      what: 'a citation of 500 characters',
      content: { citationText: 'ễ'.repeat(CITATION_MAX_CHARS) },
      missing: [],
    },
    {
      what: 'a 500-character citation typed with combining marks',
      content: { citationText: 'ễ'.repeat(CITATION_MAX_CHARS).normalize('NFD') },
      missing: [],
    },
    {
      what: 'a citation of 501 characters',
      content: { citationText: 'a'.repeat(CITATION_MAX_CHARS + 1) },
      missing: ['nominations.n1.citationText'],
    },
    {
      what: 'no claimed criterion',
      content: { criteriaClaimed: [] },
      missing: ['nominations.n1.criteriaClaimed'],
    },
  ])('R-DOS-4: $what → missing $missing', ({ content, missing }) => {
    const args = complete();
    const nominations = [nom('n1', content), args.nominations[1]!];
    expect(paths({ ...args, nominations })).toEqual(missing);
  });

  it.each([
    {
      what: 'no name',
      nominee: person('so-noi-vu', { fullName: ' ' }),
      missing: ['nominations.n2.nominee.fullName'],
    },
    {
      what: 'a bad birth date',
      nominee: person('so-noi-vu', { dateOfBirth: '12/04/1985' }),
      missing: ['nominations.n2.nominee.dateOfBirth'],
    },
    {
      what: 'no position',
      nominee: person('so-noi-vu', { position: '' }),
      missing: ['nominations.n2.nominee.position'],
    },
  ])('R-DOS-4: an individual with $what → missing $missing', ({ nominee, missing }) => {
    const args = complete();
    const nominations = [
      args.nominations[0]!,
      nom('n2', { nomineeType: 'individual', nominee, criteriaClaimed: ['AI1'] }),
    ];
    expect(paths({ ...args, nominations })).toEqual(missing);
  });

  it('R-DOS-3: with the round kind, claims of another round are schema errors', () => {
    const args = complete();
    expect(paths({ ...args, roundKind: 'annual' })).toEqual([]);
    expect(paths({ ...args, roundKind: 'period' })).toEqual([
      'nominations.n1.criteriaClaimed[0]',
      'nominations.n2.criteriaClaimed[0]',
    ]);
  });

  it('R-DOS-3: assertComplete lists everything missing at once', () => {
    let error: unknown;
    try {
      assertComplete({ nominations: [nom('n1', { citationText: '' })], documents: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DossierIncompleteError);
    const e = error as DossierIncompleteError;
    expect(e.code).toBe('DOSSIER_INCOMPLETE');
    expect(e.items.map((i) => i.path)).toEqual([
      'documents.proposal_letter',
      'documents.council_minutes',
      'nominations.n1.achievement_report',
      'nominations.n1.citationText',
    ]);
    expect(e.text.vi).toContain('4');
  });
});
