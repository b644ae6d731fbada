import { describe, expect, it } from 'vitest';
import {
  CRITERIA,
  claimableCriteria,
  type EligibilityInput,
  evaluateEligibility,
  hundredths,
  judgementCriteriaOf,
  repeatedInitiatives,
  validateClaims,
  yearsBeforeFormation,
} from '../../domain/eligibility.ts';
import type {
  CampaignDefinition,
  CriterionCode,
  CriterionResult,
  CriterionStatus,
  DocumentRef,
  IndexResult,
  Initiative,
  NominationContent,
  NomineeType,
  Round,
  RoundKind,
  StaffCategory,
  Unit,
} from '../../domain/types.ts';
import { CRITERION_CODES } from '../../domain/types.ts';
import { makeLookup } from '../../domain/units.ts';
import { campaign, collective, doc, lookup, nomination, person, round, UNITS } from './fixtures.ts';

const MINUTES = doc('doc-minutes', 'council_minutes');
const EVIDENCE = doc('doc-evidence', 'evidence');
const EVIDENCE_2 = doc('doc-evidence-2', 'evidence');
const PENDING_EVIDENCE = doc('doc-pending', 'evidence', 'pending');

function input(
  overrides: Partial<EligibilityInput> & { content?: Partial<NominationContent> } = {},
): EligibilityInput {
  const { content, ...rest } = overrides;
  const nom = nomination(content);
  return {
    campaign,
    round: round('annual-2024'),
    nomination: nom,
    proposingUnitId: nom.nominee.unitId,
    lookup,
    indexResults: [],
    documents: [MINUTES, EVIDENCE, EVIDENCE_2, PENDING_EVIDENCE],
    verifiedCriteria: [],
    ...rest,
  };
}

function criterion(i: EligibilityInput, code: CriterionCode): CriterionResult {
  const found = evaluateEligibility(i).criteria.find((c) => c.code === code);
  if (!found) throw new Error(`${code} not evaluated`);
  return found;
}

/** An initiative recognised on a day; initiatives of different days are different ones (own title and decision). */
const initiative = (recognizedOn: string, overrides: Partial<Initiative> = {}): Initiative => ({
  title: `Số hóa hồ sơ thủ tục hành chính (${recognizedOn})`,
  decisionNo: `${recognizedOn.replace(/\D/g, '').slice(0, 8)}/QĐ-HĐSK`,
  recognizedOn,
  council: 'basic_initiative',
  applied: true,
  documentId: 'doc-evidence',
  ...overrides,
});

const idx = (unitId: string, year: number, values: Partial<IndexResult>): IndexResult => ({
  unitId,
  year,
  ...values,
});

// ---------------------------------------------------------------------------------------------------

describe('claims', () => {
  it.each<[RoundKind, NomineeType, CriterionCode[]]>([
    ['annual', 'collective', ['AC1', 'AC2', 'AC3']],
    ['annual', 'individual', ['AI1', 'AI2', 'AI3']],
    ['period', 'collective', ['PC1', 'PC2', 'PC3']],
    ['period', 'individual', ['PI1', 'PI2', 'PI3']],
  ])('R-ELIG-0: a %s %s nomination may claim %j', (kind, type, codes) => {
    expect(claimableCriteria(kind, type)).toEqual(codes);
    expect(validateClaims(kind, type, codes)).toEqual([]);
  });

  it.each([
    { what: 'nothing', claimed: [], paths: ['criteriaClaimed'] },
    { what: 'a criterion of the period round', claimed: ['AC2', 'PC2'], paths: ['criteriaClaimed[1]'] },
    { what: 'a criterion of individuals', claimed: ['AI3'], paths: ['criteriaClaimed[0]'] },
    { what: 'an unknown code', claimed: ['AC9'], paths: ['criteriaClaimed[0]'] },
    { what: 'the same criterion twice', claimed: ['AC1', 'AC3', 'AC1'], paths: ['criteriaClaimed[2]'] },
  ])('R-ELIG-0: an annual collective claiming $what → errors at $paths', ({ claimed, paths }) => {
    const errors = validateClaims('annual', 'collective', claimed);
    expect(errors.map((e) => e.path)).toEqual(paths);
    for (const e of errors) expect(e.message.vi).not.toBe('');
  });

  it('R-ELIG-0: the wrong round kind is named in the message', () => {
    const [error] = validateClaims('annual', 'collective', ['PC2']);
    expect(error!.message.vi).toContain('khen thưởng tổng kết giai đoạn, tập thể');
    expect(error!.message.en).toContain('period round, collective');
  });

  it('AC1/AI1/PC1/PI1: judgementCriteriaOf picks the criteria an appraiser verifies', () => {
    expect(judgementCriteriaOf(['AC2', 'AC1', 'AC3'])).toEqual(['AC1']);
    expect(judgementCriteriaOf(['PI3', 'PI1'])).toEqual(['PI1']);
    expect(judgementCriteriaOf(['AI2'])).toEqual([]);
  });

  it('R-ELIG-0: every criterion cites its section of the decision', () => {
    for (const code of CRITERION_CODES) expect(CRITERIA[code].section).toMatch(/^III\.1\.[12]\.[ab]$/);
  });
});

describe('R-ELIG-0: overall result', () => {
  const scored = [idx('so-noi-vu', 2024, { parIndexScore: 92.5 })];

  it('R-ELIG-0: without administrative discipline the nominee is ineligible even when a criterion is met', () => {
    const e = evaluateEligibility(input({ indexResults: scored, content: { disciplineCompliance: false } }));
    expect(e.eligible).toBe(false);
    expect(e.criteria).toEqual([expect.objectContaining({ code: 'AC2', status: 'met' })]);
    expect(e.summary?.vi).toContain('kỷ luật, kỷ cương');
    expect(e.summary?.en).toContain('administrative discipline is not attested');
    expect(e.summary?.en).not.toMatch(/R-[A-Z]+-\d/);
  });

  it.each<{
    claimed: CriterionCode[];
    index: IndexResult[];
    eligible: boolean | null;
    statuses: CriterionStatus[];
  }>([
    { claimed: ['AC2'], index: scored, eligible: true, statuses: ['met'] },
    { claimed: ['AC1', 'AC2'], index: scored, eligible: true, statuses: ['needs_review', 'met'] },
    { claimed: ['AC1', 'AC2'], index: [], eligible: null, statuses: ['needs_review', 'needs_review'] },
    {
      claimed: ['AC2', 'AC3'],
      index: [idx('so-noi-vu', 2024, { parIndexScore: 80 })],
      eligible: false,
      statuses: ['not_met', 'not_met'],
    },
    { claimed: ['AC3', 'AC1'], index: [], eligible: null, statuses: ['not_met', 'needs_review'] },
  ])(
    'R-ELIG-0: claimed $claimed → $statuses → eligible $eligible',
    ({ claimed, index, eligible, statuses }) => {
      const e = evaluateEligibility(input({ indexResults: index, content: { criteriaClaimed: claimed } }));
      expect(e.criteria.map((c) => c.code)).toEqual(claimed);
      expect(e.criteria.map((c) => c.status)).toEqual(statuses);
      expect(e.eligible).toBe(eligible);
      expect(e.summary).toBeDefined();
    },
  );

  it('R-ELIG-0: a collective unit that is not scored and claims only AC2 is ineligible', () => {
    const e = evaluateEligibility(input({ content: { nominee: collective('snv-phong-cchc') } }));
    expect(e.criteria.map((c) => c.status)).toEqual(['not_applicable']);
    expect(e.eligible).toBe(false);
  });

  it('R-ELIG-0: a criterion claimed twice is evaluated once; a foreign one is not applicable', () => {
    const e = evaluateEligibility(
      input({ indexResults: scored, content: { criteriaClaimed: ['AC2', 'PC2', 'AC2'] } }),
    );
    expect(e.criteria.map((c) => [c.code, c.status])).toEqual([
      ['AC2', 'met'],
      ['PC2', 'not_applicable'],
    ]);
  });

  it('R-ELIG-0: every reason is given in Vietnamese and English', () => {
    const e = evaluateEligibility(input({ content: { criteriaClaimed: ['AC1', 'AC2', 'AC3'] } }));
    for (const c of e.criteria) {
      expect(c.reason.vi.length).toBeGreaterThan(10);
      expect(c.reason.en.length).toBeGreaterThan(10);
      expect(c.reason.vi).not.toBe(c.reason.en);
    }
  });
});

describe('judgement criteria', () => {
  const cases: { code: CriterionCode; roundId: string; type: NomineeType; unitId: string }[] = [
    { code: 'AC1', roundId: 'annual-2024', type: 'collective', unitId: 'so-noi-vu' },
    { code: 'AI1', roundId: 'annual-2024', type: 'individual', unitId: 'so-noi-vu' },
    { code: 'PC1', roundId: 'period-2021-2025', type: 'collective', unitId: 'tp-son-la' },
    { code: 'PI1', roundId: 'period-2021-2025', type: 'individual', unitId: 'p-chieng-le' },
  ];
  const states: { state: string; verified: boolean; documents: DocumentRef[]; status: CriterionStatus }[] = [
    { state: 'not verified', verified: false, documents: [MINUTES], status: 'needs_review' },
    { state: 'verified with verified minutes', verified: true, documents: [MINUTES], status: 'met' },
    { state: 'verified without minutes', verified: true, documents: [], status: 'needs_review' },
    {
      state: 'verified with unverified minutes',
      verified: true,
      documents: [doc('m', 'council_minutes', 'pending')],
      status: 'needs_review',
    },
  ];
  for (const { code, roundId, type, unitId } of cases) {
    it.each(states)(`${code}: $state → $status`, ({ verified, documents, status }) => {
      const i = input({
        round: round(roundId),
        documents,
        verifiedCriteria: verified ? [code] : [],
        content: {
          nomineeType: type,
          nominee: type === 'collective' ? collective(unitId) : person(unitId),
          criteriaClaimed: [code],
        },
      });
      const result = criterion(i, code);
      expect(result.status).toBe(status);
      if (verified && status === 'needs_review') expect(result.reason.vi).toContain('biên bản họp');
    });
  }
});

describe('AC2: PAR Index score of the year', () => {
  it.each([
    ['89.99', 'not_met'],
    ['90.00', 'met'],
    ['90.01', 'met'],
    ['100.00', 'met'],
    ['89.995', 'not_met'],
    ['0.00', 'not_met'],
  ])('AC2: %s points → %s', (score, status) => {
    const i = input({ indexResults: [idx('so-noi-vu', 2024, { parIndexScore: Number(score) })] });
    expect(criterion(i, 'AC2').status).toBe(status);
  });

  it('AC2: the reason gives the score with a Vietnamese decimal comma', () => {
    const i = input({ indexResults: [idx('so-noi-vu', 2024, { parIndexScore: 89.99 })] });
    expect(criterion(i, 'AC2').reason.vi).toContain('89,99 điểm');
    expect(criterion(i, 'AC2').reason.en).toContain('89.99 points');
  });

  it.each([
    { what: 'no index imported', index: [] },
    { what: 'only another year imported', index: [idx('so-noi-vu', 2023, { parIndexScore: 95 })] },
    { what: 'a rank but no score', index: [idx('so-noi-vu', 2024, { parIndexRank: 1 })] },
  ])('AC2: $what → needs_review', ({ index }) => {
    expect(criterion(input({ indexResults: index }), 'AC2').status).toBe('needs_review');
  });

  it.each(['snv-phong-cchc', 'p-chieng-le', 'tpsl-phong-noi-vu'])(
    'AC2: %s is not scored by the province → not_applicable',
    (unitId) => {
      const i = input({
        content: { nominee: collective(unitId) },
        indexResults: [idx(unitId, 2024, { parIndexScore: 99 })],
      });
      expect(criterion(i, 'AC2').status).toBe('not_applicable');
    },
  );

  it('AC2: a district scores the same way', () => {
    const i = input({
      content: { nominee: collective('tp-son-la') },
      indexResults: [idx('tp-son-la', 2024, { parIndexScore: 90 })],
    });
    expect(criterion(i, 'AC2').status).toBe('met');
  });

  it.each([
    [89.99, 8999],
    [90, 9000],
    [90.1, 9010],
    [0.29, 29],
    [89.995, 8999],
    [57.7, 5770],
  ])('AC2: %d is %d hundredths, without float error and never rounded up', (value, h) => {
    expect(hundredths(value)).toBe(h);
  });
});

describe('initiatives', () => {
  const ac3 = (initiatives: Initiative[]) =>
    criterion(input({ content: { criteriaClaimed: ['AC3'], initiatives } }), 'AC3');

  it.each([
    { what: 'no initiative', list: [], status: 'not_met' },
    { what: '1 evidenced initiative in the year', list: [initiative('2024-05-10')], status: 'met' },
    { what: '1 recognised on 31 Dec of the year', list: [initiative('2024-12-31')], status: 'met' },
    { what: '1 recognised the year before', list: [initiative('2023-12-31')], status: 'not_met' },
    { what: '1 recognised the year after', list: [initiative('2025-01-01')], status: 'not_met' },
    {
      what: '1 without decision number',
      list: [initiative('2024-05-10', { decisionNo: ' ' })],
      status: 'needs_review',
    },
    {
      what: '1 without evidence document',
      list: [initiative('2024-05-10', { documentId: undefined })],
      status: 'needs_review',
    },
    {
      what: '1 whose evidence is not verified',
      list: [initiative('2024-05-10', { documentId: 'doc-pending' })],
      status: 'needs_review',
    },
    {
      what: '1 whose evidence is not in the dossier',
      list: [initiative('2024-05-10', { documentId: 'doc-other' })],
      status: 'needs_review',
    },
    {
      what: '1 not applied (collectives need not apply it)',
      list: [initiative('2024-05-10', { applied: false })],
      status: 'met',
    },
    {
      what: '2 with one evidenced',
      list: [initiative('2024-05-10', { decisionNo: undefined }), initiative('2024-06-01')],
      status: 'met',
    },
  ])('AC3: $what → $status', ({ list, status }) => {
    expect(ac3(list).status).toBe(status);
  });

  it('AC3: initiatives outside the year are named in the reason', () => {
    const r = ac3([initiative('2023-11-20')]);
    expect(r.reason.vi).toContain('ngoài năm 2024');
    expect(r.reason.en).toContain('outside');
  });

  it('AC3: an initiative recognised at an instant counts on its Vietnamese date', () => {
    expect(ac3([initiative('2024-12-31T17:30:00Z')]).status).toBe('not_met');
    expect(ac3([initiative('2024-12-31T16:30:00Z')]).status).toBe('met');
  });

  const ai2 = (initiatives: Initiative[]) =>
    criterion(
      input({
        content: {
          nomineeType: 'individual',
          nominee: person('so-noi-vu'),
          criteriaClaimed: ['AI2'],
          initiatives,
        },
      }),
      'AI2',
    );
  it.each([
    { what: '1 applied initiative', list: [initiative('2024-03-01')], status: 'met' },
    {
      what: '1 initiative not applied',
      list: [initiative('2024-03-01', { applied: false })],
      status: 'not_met',
    },
    { what: '1 applied initiative of another year', list: [initiative('2022-03-01')], status: 'not_met' },
    {
      what: '1 applied initiative without evidence',
      list: [initiative('2024-03-01', { documentId: undefined })],
      status: 'needs_review',
    },
  ])('AI2: $what → $status', ({ list, status }) => {
    expect(ai2(list).status).toBe(status);
  });

  it('AI2: initiatives not applied are named in the reason', () => {
    expect(ai2([initiative('2024-03-01', { applied: false })]).reason.vi).toContain('chưa được áp dụng');
  });

  const pc3 = (initiatives: Initiative[]) =>
    criterion(
      input({
        round: round('period-2021-2025'),
        content: { criteriaClaimed: ['PC3'], initiatives },
      }),
      'PC3',
    );
  it.each([
    { what: '1 initiative', list: [initiative('2022-04-01')], status: 'not_met' },
    {
      what: '2 initiatives in the period',
      list: [initiative('2021-06-01'), initiative('2025-11-30', { documentId: 'doc-evidence-2' })],
      status: 'met',
    },
    {
      what: '2 initiatives, one before the period',
      list: [initiative('2020-12-31'), initiative('2023-04-01')],
      status: 'not_met',
    },
    {
      what: '2 initiatives, one after the period',
      list: [initiative('2026-01-02'), initiative('2023-04-01')],
      status: 'not_met',
    },
    {
      what: '2 initiatives, one lacking evidence',
      list: [initiative('2022-04-01'), initiative('2023-04-01', { decisionNo: undefined })],
      status: 'needs_review',
    },
    {
      what: '3 initiatives, 2 evidenced',
      list: [
        initiative('2022-04-01'),
        initiative('2023-04-01'),
        initiative('2024-04-01', { documentId: undefined }),
      ],
      status: 'met',
    },
  ])('PC3: $what → $status', ({ list, status }) => {
    expect(pc3(list).status).toBe(status);
  });

  it.each([
    {
      what: 'the same initiative twice (same decision number)',
      list: [
        initiative('2022-04-01', { decisionNo: '7/QĐ-HĐSK' }),
        initiative('2023-04-01', { decisionNo: '7/QĐ-HĐSK', documentId: 'doc-evidence-2' }),
      ],
    },
    {
      what: 'the same initiative twice (same title, typed differently)',
      list: [
        initiative('2022-04-01', { title: 'Một cửa điện tử' }),
        initiative('2023-04-01', { title: ' MỘT  cửa\u200b điện tử ', documentId: 'doc-evidence-2' }),
      ],
    },
  ])('PC3 (edition 2): $what counts once → not_met', ({ list }) => {
    const r = pc3(list);
    expect(r.status).toBe('not_met');
    expect(r.reason.vi).toContain('1 sáng kiến');
  });

  it('PC3: the reason names the period and the outside initiatives', () => {
    const r = pc3([initiative('2020-12-31'), initiative('2023-04-01')]);
    expect(r.reason.vi).toContain('giai đoạn 2021–2025');
    expect(r.reason.vi).toContain('cần từ 2');
  });

  const pi2 = (initiatives: Initiative[]) =>
    criterion(
      input({
        round: round('period-2021-2025'),
        content: {
          nomineeType: 'individual',
          nominee: person('so-noi-vu'),
          criteriaClaimed: ['PI2'],
          initiatives,
        },
      }),
      'PI2',
    );
  it.each([
    { what: '1 applied initiative in the period', list: [initiative('2023-08-08')], status: 'met' },
    { what: '1 applied initiative after the period', list: [initiative('2026-02-01')], status: 'not_met' },
    {
      what: '2 initiatives not applied',
      list: [initiative('2022-01-05', { applied: false }), initiative('2023-01-05', { applied: false })],
      status: 'not_met',
    },
  ])('PI2: $what → $status', ({ list, status }) => {
    expect(pi2(list).status).toBe(status);
  });
});

describe('PC3/AC3 (edition 2): distinct initiatives', () => {
  const listed = (...items: [string, string | undefined][]) =>
    items.map(([title, decisionNo]) => ({ title, decisionNo }));

  it.each([
    {
      what: 'two different initiatives',
      list: listed(['Một cửa điện tử', '1/QĐ'], ['Số hóa hồ sơ', '2/QĐ']),
      repeats: [],
    },
    {
      what: 'the same decision number, other titles',
      list: listed(['Một cửa điện tử', '1/QĐ'], ['Một cửa liên thông', '1/QĐ']),
      repeats: [{ index: 1, field: 'decisionNo', first: 0 }],
    },
    {
      what: 'the same decision number typed differently',
      list: listed(['Một cửa điện tử', '15/QĐ-HĐSK'], ['Một cửa liên thông', ' 15/qđ-hđsk ']),
      repeats: [{ index: 1, field: 'decisionNo', first: 0 }],
    },
    {
      what: 'the same title, other decision numbers',
      list: listed(['Một cửa điện tử', '1/QĐ'], ['Một cửa điện tử', '2/QĐ']),
      repeats: [{ index: 1, field: 'title', first: 0 }],
    },
    {
      what: 'the same title in other case, spacing and with a zero-width space',
      list: listed(['Một cửa điện tử', undefined], ['MỘT  CỬA\u200b ĐIỆN TỬ', undefined]),
      repeats: [{ index: 1, field: 'title', first: 0 }],
    },
    {
      what: 'two without a decision number and with other titles',
      list: listed(['Một cửa điện tử', undefined], ['Số hóa hồ sơ', '  ']),
      repeats: [],
    },
    {
      what: 'a third repeating the first, the second different',
      list: listed(['A', '1/QĐ'], ['B', '2/QĐ'], ['C', '1/QĐ']),
      repeats: [{ index: 2, field: 'decisionNo', first: 0 }],
    },
    {
      what: 'the same initiative three times',
      list: listed(['A', '1/QĐ'], ['A', '1/QĐ'], ['A', '1/QĐ']),
      repeats: [
        { index: 1, field: 'decisionNo', first: 0 },
        { index: 2, field: 'decisionNo', first: 0 },
      ],
    },
  ])('PC3/AC3 (edition 2): $what', ({ list, repeats }) => {
    expect(repeatedInitiatives(list)).toEqual(repeats);
  });
});

describe('AI3/PI3 (edition 2): staff category', () => {
  const good = [idx('so-noi-vu', 2024, { parIndexScore: 95, satisfactionIndex: 95 })];
  const period = [2021, 2022, 2023, 2024, 2025].map((year) =>
    idx('so-noi-vu', year, { parIndexScore: 95, satisfactionIndex: 95 }),
  );
  const judge = (code: 'AI3' | 'PI3', staffCategory: StaffCategory) =>
    criterion(
      input({
        ...(code === 'PI3' ? { round: round('period-2021-2025') } : {}),
        indexResults: code === 'AI3' ? good : period,
        content: {
          nomineeType: 'individual',
          nominee: person('so-noi-vu', { staffCategory }),
          criteriaClaimed: [code],
        },
      }),
      code,
    );

  it.each<{ code: 'AI3' | 'PI3'; staff: StaffCategory; status: CriterionStatus }>([
    { code: 'AI3', staff: 'can_bo', status: 'met' },
    { code: 'AI3', staff: 'cong_chuc', status: 'met' },
    { code: 'AI3', staff: 'vien_chuc', status: 'met' },
    { code: 'AI3', staff: 'nguoi_lao_dong', status: 'not_met' },
    { code: 'AI3', staff: 'khong_chuyen_trach', status: 'not_met' },
    { code: 'PI3', staff: 'can_bo', status: 'met' },
    { code: 'PI3', staff: 'vien_chuc', status: 'met' },
    { code: 'PI3', staff: 'nguoi_lao_dong', status: 'not_met' },
    { code: 'PI3', staff: 'khong_chuyen_trach', status: 'not_met' },
  ])('$code (edition 2): a nominee who is $staff → $status', ({ code, staff, status }) => {
    expect(judge(code, staff).status).toBe(status);
  });

  it('AI3 (edition 2): the refusal says who the criterion is for, in both languages', () => {
    const r = judge('AI3', 'nguoi_lao_dong');
    expect(r.reason.vi).toContain('cán bộ, công chức, viên chức');
    expect(r.reason.vi).toContain('người lao động');
    expect(r.reason.vi).toContain('III.1.1.b');
    expect(r.reason.en).toContain('civil servants');
  });

  it('PI3 (edition 2): a nominee outside the categories is not_met even with every year missing', () => {
    const r = criterion(
      input({
        round: round('period-2021-2025'),
        content: {
          nomineeType: 'individual',
          nominee: person('so-noi-vu', { staffCategory: 'khong_chuyen_trach' }),
          criteriaClaimed: ['PI3'],
        },
      }),
      'PI3',
    );
    expect(r.status).toBe('not_met');
  });
});

describe('combined PAR and satisfaction index', () => {
  const ai3 = (unitId: string, proposingUnitId: string, indexResults: IndexResult[]) =>
    criterion(
      input({
        proposingUnitId,
        indexResults,
        content: { nomineeType: 'individual', nominee: person(unitId), criteriaClaimed: ['AI3'] },
      }),
      'AI3',
    );

  it.each([
    { par: 90, sipas: 90, status: 'met' },
    { par: 95, sipas: 85, status: 'met' },
    { par: 89.99, sipas: 90, status: 'not_met' },
    { par: 90, sipas: 89.99, status: 'not_met' },
    { par: 89.99, sipas: 90.01, status: 'met' },
    { par: 100, sipas: 79.99, status: 'not_met' },
  ])('AI3: PAR $par and SIPAS $sipas → $status', ({ par, sipas, status }) => {
    const r = ai3('so-noi-vu', 'so-noi-vu', [
      idx('so-noi-vu', 2024, { parIndexScore: par, satisfactionIndex: sipas }),
    ]);
    expect(r.status).toBe(status);
  });

  it('AI3: a mean below the minimum never reads as reaching it', () => {
    const r = ai3('so-noi-vu', 'so-noi-vu', [
      idx('so-noi-vu', 2024, { parIndexScore: 89.99, satisfactionIndex: 90 }),
    ]);
    expect(r.status).toBe('not_met');
    expect(r.reason.vi).toContain('89,995%');
    expect(r.reason.vi).not.toContain('90,00%, dưới');
  });

  it('AI3: a mean is shown rounded half up to two decimals, with a decimal comma in Vietnamese', () => {
    const r = ai3('so-noi-vu', 'so-noi-vu', [
      idx('so-noi-vu', 2024, { parIndexScore: 92.17, satisfactionIndex: 92.18 }),
    ]);
    expect(r.reason.vi).toContain('92,18%');
    expect(r.reason.en).toContain('92.18%');
    // AI3 is about the person: it reads as where the nominee works, not as a description of the agency.
    expect(r.reason.vi).toMatch(/^Người được đề nghị công tác tại Sở Nội vụ, cơ quan có Chỉ số/);
    expect(r.reason.en).toMatch(/^The nominee works at Sở Nội vụ, whose PAR Index/);
  });

  it.each([
    { what: 'nothing imported', index: [] },
    { what: 'the score but not SIPAS', index: [idx('so-noi-vu', 2024, { parIndexScore: 95 })] },
    {
      what: 'another year only',
      index: [idx('so-noi-vu', 2023, { parIndexScore: 95, satisfactionIndex: 95 })],
    },
  ])('AI3: $what → needs_review', ({ index }) => {
    expect(ai3('so-noi-vu', 'so-noi-vu', index).status).toBe('needs_review');
  });

  it('AI3: a sub-unit without its own data is measured by its department', () => {
    const r = ai3('snv-phong-cchc', 'so-noi-vu', [
      idx('so-noi-vu', 2024, { parIndexScore: 91, satisfactionIndex: 92 }),
    ]);
    expect(r.status).toBe('met');
    expect(r.reason.vi).toContain('Sở Nội vụ');
  });

  const district = [idx('tp-son-la', 2024, { parIndexScore: 93, satisfactionIndex: 91 })];
  it.each([
    { who: 'its district (tp-son-la)', proposer: 'tp-son-la', status: 'met' },
    { who: 'the commune itself', proposer: 'p-chieng-le', status: 'not_met' },
    { who: 'a district office', proposer: 'tpsl-phong-noi-vu', status: 'not_met' },
    { who: 'another district', proposer: 'h-moc-chau', status: 'not_met' },
  ])(
    'AI3 / R-PROP-2: a commune individual of p-chieng-le proposed by $who → $status',
    ({ proposer, status }) => {
      expect(ai3('p-chieng-le', proposer, district).status).toBe(status);
    },
  );

  it('AI3 / R-PROP-2: the refusal names the district that must propose', () => {
    const r = ai3('p-chieng-le', 'p-chieng-le', district);
    expect(r.reason.vi).toContain('UBND thành phố Sơn La');
    expect(r.reason.vi).toContain('III.1.1.b');
  });

  it('AI3: a commune individual proposed by the district is measured by the district when the commune has no data', () => {
    const r = ai3('x-chieng-son', 'h-moc-chau', [
      idx('h-moc-chau', 2024, { parIndexScore: 88, satisfactionIndex: 90 }),
    ]);
    expect(r.status).toBe('not_met');
    expect(r.reason.vi).toContain('UBND huyện Mộc Châu');
  });

  const years = [2021, 2022, 2023, 2024, 2025];
  const series = (unitId: string, values: ([number, number] | undefined)[]) =>
    years.flatMap((year, i) => {
      const v = values[i];
      return v ? [idx(unitId, year, { parIndexScore: v[0], satisfactionIndex: v[1] })] : [];
    });
  const pi3 = (unitId: string, proposingUnitId: string, indexResults: IndexResult[]) =>
    criterion(
      input({
        round: round('period-2021-2025'),
        proposingUnitId,
        indexResults,
        content: { nomineeType: 'individual', nominee: person(unitId), criteriaClaimed: ['PI3'] },
      }),
      'PI3',
    );

  it.each<{ what: string; values: ([number, number] | undefined)[]; status: CriterionStatus }>([
    {
      what: 'every year at 90',
      values: [
        [90, 90],
        [90, 90],
        [90, 90],
        [90, 90],
        [90, 90],
      ],
      status: 'met',
    },
    {
      what: 'a weak year made up by others',
      values: [
        [80, 85],
        [95, 95],
        [95, 95],
        [92, 92],
        [91, 90],
      ],
      status: 'met',
    },
    {
      what: 'a mean of 89.999',
      values: [
        [90, 90],
        [90, 90],
        [90, 90],
        [90, 90],
        [89.99, 90],
      ],
      status: 'not_met',
    },
    {
      what: 'a missing year',
      values: [[99, 99], [99, 99], undefined, [99, 99], [99, 99]],
      status: 'needs_review',
    },
    { what: 'no year at all', values: [], status: 'needs_review' },
  ])('PI3: $what → $status', ({ values, status }) => {
    expect(pi3('so-noi-vu', 'so-noi-vu', series('so-noi-vu', values)).status).toBe(status);
  });

  it('PI3: a missing year is named', () => {
    const r = pi3(
      'so-noi-vu',
      'so-noi-vu',
      series('so-noi-vu', [[99, 99], [99, 99], undefined, [99, 99], undefined]),
    );
    expect(r.reason.vi).toContain('2023, 2025');
  });

  it.each([
    { proposer: 'tp-son-la', status: 'met' },
    { proposer: 'p-chieng-le', status: 'not_met' },
  ])('PI3 / R-PROP-2: a commune individual proposed by $proposer → $status', ({ proposer, status }) => {
    const index = series('tp-son-la', [
      [91, 91],
      [91, 91],
      [91, 91],
      [91, 91],
      [91, 91],
    ]);
    expect(pi3('p-chieng-le', proposer, index).status).toBe(status);
  });
});

describe('PC2: years among the leaders of the PAR ranking', () => {
  const pc2 = (unitId: string, ranks: (number | undefined)[]) =>
    criterion(
      input({
        round: round('period-2021-2025'),
        content: { nominee: collective(unitId), criteriaClaimed: ['PC2'] },
        indexResults: ranks.flatMap((rank, i) =>
          rank === undefined ? [] : [idx(unitId, 2021 + i, { parIndexRank: rank, parIndexScore: 85 })],
        ),
      }),
      'PC2',
    );

  it.each<{ unitId: string; ranks: (number | undefined)[]; status: CriterionStatus }>([
    { unitId: 'so-noi-vu', ranks: [5, 5, 5, 6, 6], status: 'met' },
    { unitId: 'so-noi-vu', ranks: [1, 2, 6, 6, 6], status: 'not_met' },
    { unitId: 'so-noi-vu', ranks: [6, 6, 6, 6, 6], status: 'not_met' },
    { unitId: 'so-noi-vu', ranks: [1, 1, 1, 1, 1], status: 'met' },
    { unitId: 'tp-son-la', ranks: [3, 3, 3, 4, 4], status: 'met' },
    { unitId: 'tp-son-la', ranks: [1, 3, 4, 4, 4], status: 'not_met' },
    { unitId: 'tp-son-la', ranks: [5, 5, 5, 5, 5], status: 'not_met' },
    { unitId: 'h-moc-chau', ranks: [4, 4, 4, 3, 3], status: 'not_met' },
  ])('PC2: $unitId ranked $ranks → $status', ({ unitId, ranks, status }) => {
    expect(pc2(unitId, ranks).status).toBe(status);
  });

  it.each<{ ranks: (number | undefined)[]; status: CriterionStatus }>([
    { ranks: [1, 1, undefined, undefined, 6], status: 'needs_review' },
    { ranks: [1, 6, 6, undefined, undefined], status: 'needs_review' },
    { ranks: [1, 6, 6, 6, undefined], status: 'not_met' },
    { ranks: [1, 1, 1, undefined, undefined], status: 'met' },
    { ranks: [], status: 'needs_review' },
  ])('PC2: missing index years, ranks $ranks → $status', ({ ranks, status }) => {
    expect(pc2('so-noi-vu', ranks).status).toBe(status);
  });

  it('PC2: 2 years in the top are not enough, 3 are', () => {
    expect(pc2('so-noi-vu', [2, 4, 9, 9, 9]).status).toBe('not_met');
    expect(pc2('so-noi-vu', [2, 4, 5, 9, 9]).status).toBe('met');
  });

  it('PC2: the reason lists the years in the top and the missing ones', () => {
    const r = pc2('so-noi-vu', [1, 2, undefined, 7, undefined]);
    expect(r.reason.vi).toContain('(2021, 2022)');
    expect(r.reason.vi).toContain('2023, 2025');
    expect(r.reason.vi).toContain('5 đơn vị dẫn đầu');
  });

  it.each(['p-chieng-le', 'x-chieng-son', 'snv-phong-cchc', 'tpsl-phong-noi-vu'])(
    'PC2: %s is not ranked → not_applicable',
    (unitId) => {
      expect(pc2(unitId, [1, 1, 1, 1, 1]).status).toBe('not_applicable');
    },
  );
});

describe('R-CAMP-1: another campaign runs through the same rules', () => {
  const years = [2026, 2027, 2028, 2029, 2030];
  const plan2026: CampaignDefinition = {
    ...campaign,
    campaignId: 'plan-2026-2030',
    name: 'Phong trào thi đua cải cách hành chính giai đoạn 2026–2030',
    startDate: '2026-03-01',
    endDate: '2030-11-30',
    thresholds: {
      parScoreMin: 92.5,
      combinedIndexMin: 92,
      topRank: { province: 3, district: 2 },
      topYearsMin: 4,
      annualInitiativesMin: 2,
      periodCollectiveInitiativesMin: 3,
      periodIndividualInitiativesMin: 2,
    },
  };
  const quotas = {
    province: { collective: 3, individual: 5 },
    district: { collective: 3, individual: 5 },
    commune: { collective: 10, individual: 10 },
  };
  const annual2027: Round = {
    roundId: 'annual-2027',
    campaignId: 'plan-2026-2030',
    kind: 'annual',
    year: 2027,
    submissionDeadline: '2027-12-14T17:00:00.000Z',
    quotas,
  };
  const period: Round = {
    roundId: 'period-2026-2030',
    campaignId: 'plan-2026-2030',
    kind: 'period',
    years,
    submissionDeadline: '2030-09-29T17:00:00.000Z',
    quotas,
  };

  it.each([
    { score: 92.49, plan1109: 'met', plan2026: 'not_met' },
    { score: 92.5, plan1109: 'met', plan2026: 'met' },
  ])('R-CAMP-1: AC2 at $score points → $plan1109 in Plan 1109, $plan2026 in 2026–2030', (c) => {
    const indexResults = [idx('so-noi-vu', 2027, { parIndexScore: c.score })];
    expect(
      criterion(input({ round: { ...annual2027, campaignId: 'plan-1109' }, indexResults }), 'AC2').status,
    ).toBe(c.plan1109);
    expect(criterion(input({ campaign: plan2026, round: annual2027, indexResults }), 'AC2').status).toBe(
      c.plan2026,
    );
  });

  it('R-CAMP-1: PC2 uses the other campaign’s years, top rank and minimum of years', () => {
    const ranks = [3, 3, 3, 4, 1];
    const indexResults = years.map((year, i) => idx('so-noi-vu', year, { parIndexRank: ranks[i] }));
    const evaluate = (c: CampaignDefinition) =>
      criterion(
        input({ campaign: c, round: period, indexResults, content: { criteriaClaimed: ['PC2'] } }),
        'PC2',
      ).status;
    expect(evaluate(campaign)).toBe('met');
    expect(evaluate(plan2026)).toBe('met');
    const fewer = years.map((year, i) => idx('so-noi-vu', year, { parIndexRank: [3, 3, 3, 4, 4][i] }));
    expect(
      criterion(
        input({
          campaign: plan2026,
          round: period,
          indexResults: fewer,
          content: { criteriaClaimed: ['PC2'] },
        }),
        'PC2',
      ).status,
    ).toBe('not_met');
  });

  it('R-CAMP-1: PC3 counts initiatives within 2026–2030 against the campaign minimum', () => {
    const initiatives = [initiative('2025-12-31'), initiative('2026-05-01'), initiative('2030-01-01')];
    const r = criterion(
      input({ campaign: plan2026, round: period, content: { criteriaClaimed: ['PC3'], initiatives } }),
      'PC3',
    );
    expect(r.status).toBe('not_met');
    expect(r.reason.vi).toContain('giai đoạn 2026–2030');
    expect(r.reason.vi).toContain('cần từ 3');
  });

  it('R-CAMP-1: AI3 uses the campaign’s combined index threshold', () => {
    const content = {
      nomineeType: 'individual' as const,
      nominee: person('so-noi-vu'),
      criteriaClaimed: ['AI3'] as CriterionCode[],
    };
    const indexResults = [idx('so-noi-vu', 2027, { parIndexScore: 91, satisfactionIndex: 92.5 })];
    expect(
      criterion(input({ campaign: plan2026, round: annual2027, indexResults, content }), 'AI3').status,
    ).toBe('not_met');
    expect(criterion(input({ campaign, round: annual2027, indexResults, content }), 'AI3').status).toBe(
      'met',
    );
  });
});

describe('R-UNIT-2: a unit formed during the round reads only its own results', () => {
  const formedCommune: Unit = {
    unitId: 'x-van-ho-moi',
    name: 'Xã Vân Hồ (mới)',
    tier: 'commune',
    parScored: false,
    validFrom: '2025-07-01',
  };
  const predecessor = (unitId: string, name: string, tier: Unit['tier'] = 'commune'): Unit => ({
    unitId,
    name,
    tier,
    parScored: tier !== 'commune',
    validTo: '2025-06-30',
    successorUnitIds: [tier === 'commune' ? 'x-van-ho-moi' : 'so-moi'],
  });
  const longLuong = predecessor('x-long-luong', 'Xã Lóng Luông');
  const chiengYen = predecessor('x-chieng-yen', 'Xã Chiềng Yên');
  const formedDepartment: Unit = {
    unitId: 'so-moi',
    name: 'Sở Nội vụ (hợp nhất)',
    tier: 'province',
    parScored: true,
    validFrom: '2025-03-01',
  };
  const oldDepartment = predecessor('so-cu', 'Sở Lao động – Thương binh và Xã hội', 'province');
  const history = makeLookup([
    ...UNITS,
    formedCommune,
    longLuong,
    chiengYen,
    formedDepartment,
    oldDepartment,
  ]);

  const pi3 = (indexResults: IndexResult[], predecessors: Unit[]) =>
    criterion(
      input({
        round: round('period-2021-2025'),
        lookup: history,
        proposingUnitId: 'x-van-ho-moi',
        indexResults,
        predecessors,
        content: { nomineeType: 'individual', nominee: person('x-van-ho-moi'), criteriaClaimed: ['PI3'] },
      }),
      'PI3',
    );
  const pc2 = (indexResults: IndexResult[], predecessors: Unit[]) =>
    criterion(
      input({
        round: round('period-2021-2025'),
        lookup: history,
        indexResults,
        predecessors,
        content: { nomineeType: 'collective', nominee: collective('so-moi'), criteriaClaimed: ['PC2'] },
      }),
      'PC2',
    );
  const ninety = { parIndexScore: 95, satisfactionIndex: 95 };

  it('R-UNIT-2: yearsBeforeFormation lists the round years that ended before validFrom', () => {
    expect(yearsBeforeFormation(formedCommune, [2021, 2022, 2023, 2024, 2025])).toEqual([
      2021, 2022, 2023, 2024,
    ]);
    expect(yearsBeforeFormation({ ...formedCommune, validFrom: '2021-01-01' }, [2021, 2022])).toEqual([]);
    expect(yearsBeforeFormation(longLuong, [2021, 2022])).toEqual([]);
  });

  it.each<{ rule: string; results: IndexResult[]; predecessors: Unit[]; contains: string[] }>([
    {
      rule: 'R-UNIT-2: PI3 of a commune formed in 2025 is needs_review listing each predecessor with its results',
      results: [
        idx('x-van-ho-moi', 2025, ninety),
        ...[2021, 2022, 2023, 2024].map((y) =>
          idx('x-long-luong', y, { parIndexScore: 91.5, satisfactionIndex: 92 }),
        ),
        idx('x-chieng-yen', 2021, { parIndexScore: 70 }),
      ],
      predecessors: [longLuong, chiengYen],
      contains: [
        'Xã Lóng Luông',
        '2021 Chỉ số CCHC 91,50',
        'Xã Chiềng Yên',
        'Chỉ số CCHC 70,00',
        '2022 chưa có kết quả',
        '2025',
      ],
    },
    {
      rule: 'R-UNIT-2: PI3 of a formed commune is needs_review even with perfect predecessors (nothing inferred)',
      results: [
        idx('x-van-ho-moi', 2025, ninety),
        ...[2021, 2022, 2023, 2024].flatMap((y) => [
          idx('x-long-luong', y, ninety),
          idx('x-chieng-yen', y, ninety),
        ]),
      ],
      predecessors: [longLuong, chiengYen],
      contains: ['Xã Lóng Luông', 'Xã Chiềng Yên'],
    },
    {
      rule: 'R-UNIT-2: PI3 of a formed commune with no predecessor on record says so',
      results: [idx('x-van-ho-moi', 2025, ninety)],
      predecessors: [],
      contains: ['không có đơn vị tiền thân'],
    },
  ])('$rule', ({ results, predecessors, contains }) => {
    const r = pi3(results, predecessors);
    expect(r.status).toBe('needs_review');
    for (const text of contains) expect(r.reason.vi).toContain(text);
    expect(r.reason.en).toContain('for an appraiser to decide');
    expect(r.reason.en).not.toMatch(/R-[A-Z]+-\d/);
  });

  it.each<{ rule: string; ranks: [string, number, number][]; status: CriterionStatus; contains: string[] }>([
    {
      rule: 'R-UNIT-2: PC2 of a department formed in 2025 counts only its own year and awaits review for 2021–2024',
      ranks: [
        ['so-moi', 2025, 1],
        ['so-cu', 2021, 1],
        ['so-cu', 2022, 2],
        ['so-cu', 2023, 3],
        ['so-cu', 2024, 9],
      ],
      status: 'needs_review',
      contains: ['1 năm', '(2025)', 'Sở Lao động', '2021 hạng 1', '2024 hạng 9'],
    },
    {
      rule: 'R-UNIT-2: PC2 of a formed department is not met from predecessors it would otherwise reach (nothing inferred)',
      ranks: [
        ['so-cu', 2021, 1],
        ['so-cu', 2022, 1],
        ['so-cu', 2023, 1],
        ['so-cu', 2024, 1],
      ],
      status: 'needs_review',
      contains: ['0 năm', 'chưa có kết quả xếp hạng năm 2025'],
    },
  ])('$rule', ({ ranks, status, contains }) => {
    const results = ranks.map(([unitId, year, parIndexRank]) => idx(unitId, year, { parIndexRank }));
    const r = pc2(results, [oldDepartment]);
    expect(r.status).toBe(status);
    for (const text of contains) expect(r.reason.vi).toContain(text);
  });

  it('R-UNIT-2: PC2 of a unit formed before the round counts every year as before', () => {
    const results = [2021, 2022, 2023].map((year) => idx('so-moi', year, { parIndexRank: 2 }));
    const lookupBefore = makeLookup([...UNITS, { ...formedDepartment, validFrom: '2020-01-01' }]);
    const r = criterion(
      input({
        round: round('period-2021-2025'),
        lookup: lookupBefore,
        indexResults: results,
        content: { nomineeType: 'collective', nominee: collective('so-moi'), criteriaClaimed: ['PC2'] },
      }),
      'PC2',
    );
    expect(r.status).toBe('met');
  });
});
