// Every issue kind zod 4 can produce, obtained by really parsing bad input, rendered in both languages:
// natural sentences, no English in the Vietnamese and no Vietnamese in the English.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type * as core from 'zod/v4/core';
import { zodErrorMap, zodIssueText } from '../../functions/pipeline/zod-messages.ts';

const ENGLISH =
  /\b(expected|received|invalid|input|must|should|too|small|big|characters?|items?|string|number|integer|array|object|value|format|required|least|most|greater|less|than|key|option|one of|the|not|allowed|empty|file|date|match|multiple|element)\b/i;
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/** The first issue of parsing `input` with `schema`, as the handler parses (keeping the input). */
function issueOf(schema: z.ZodType, input: unknown): core.$ZodIssue {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) throw new Error(`expected ${JSON.stringify(String(input))} to fail`);
  const first = result.error.issues[0];
  if (!first) throw new Error('no issue');
  return first;
}

const file = (bytes: number) => new File([new Uint8Array(bytes)], 'a.pdf', { type: 'application/pdf' });
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

type Case = [label: string, schema: z.ZodType, input: unknown, code: string, vi: RegExp, en: RegExp];

const CASES: Case[] = [
  // invalid_type: every expected type the schemas may name, and a missing field
  ['missing field', z.object({ a: z.string() }), {}, 'invalid_type', /bắt buộc/, /required/],
  [
    'string',
    z.string(),
    5,
    'invalid_type',
    /phải là chuỗi ký tự, nhận được số/,
    /must be a string, not a number/,
  ],
  ['number', z.number(), 'x', 'invalid_type', /phải là số, nhận được chuỗi/, /must be a number/],
  ['NaN', z.number(), Number.NaN, 'invalid_type', /không phải số/, /not a number/],
  [
    'int',
    z.int(),
    1.5,
    'invalid_type',
    /phải là số nguyên, nhận được số/,
    /must be an integer, not a number/,
  ],
  ['boolean', z.boolean(), 'yes', 'invalid_type', /đúng\/sai/, /boolean/],
  ['bigint', z.bigint(), 1, 'invalid_type', /số nguyên lớn/, /big integer/],
  ['symbol', z.symbol(), 1, 'invalid_type', /ký hiệu/, /symbol/],
  ['undefined', z.undefined(), 1, 'invalid_type', /không có giá trị/, /undefined/],
  ['null', z.null(), 1, 'invalid_type', /rỗng/, /null/],
  ['never', z.never(), 1, 'invalid_type', /không có giá trị nào/, /nothing/],
  ['void', z.void(), 1, 'invalid_type', /không có giá trị/, /nothing/],
  ['date', z.date(), 'x', 'invalid_type', /phải là ngày/, /a date/],
  [
    'array',
    z.array(z.string()),
    {},
    'invalid_type',
    /danh sách, nhận được đối tượng/,
    /a list, not an object/,
  ],
  ['object', z.object({}), [], 'invalid_type', /đối tượng, nhận được danh sách/, /an object/],
  ['tuple', z.tuple([z.string()]), 1, 'invalid_type', /danh sách cố định/, /tuple/],
  ['record', z.record(z.string(), z.string()), 1, 'invalid_type', /bảng khoá/, /record/],
  ['map', z.map(z.string(), z.string()), 1, 'invalid_type', /bảng ánh xạ/, /map/],
  ['set', z.set(z.string()), 1, 'invalid_type', /tập hợp/, /set/],
  ['file', z.file(), 1, 'invalid_type', /tệp/, /file/],
  ['nonoptional', z.string().optional().nonoptional(), undefined, 'invalid_type', /bắt buộc/, /required/],
  ['function', z.function(), 1, 'invalid_type', /hàm/, /function/],
  // too_small per origin
  ['string min 1', z.string().min(1), '', 'too_small', /không được để trống/, /must not be empty/],
  ['string min 3', z.string().min(3), 'ab', 'too_small', /ít nhất 3 ký tự/, /at least 3 characters/],
  ['string length', z.string().length(12), 'ab', 'too_small', /đúng 12 ký tự/, /exactly 12 characters/],
  ['number ≥', z.number().min(1), 0, 'too_small', /lớn hơn hoặc bằng 1$/, /greater than or equal to 1$/],
  ['number >', z.number().gt(0.5), 0, 'too_small', /lớn hơn 0,5$/, /greater than 0\.5$/],
  ['int ≥', z.int().min(2000), 1999, 'too_small', /lớn hơn hoặc bằng 2000/, /or equal to 2000/],
  ['bigint', z.bigint().min(10n), 1n, 'too_small', /lớn hơn hoặc bằng 10/, /or equal to 10/],
  ['array min 1', z.array(z.string()).min(1), [], 'too_small', /ít nhất một phần tử/, /at least one item/],
  ['array min 2', z.array(z.string()).min(2), ['a'], 'too_small', /ít nhất 2 phần tử/, /at least 2 items/],
  ['set', z.set(z.string()).min(2), new Set(['a']), 'too_small', /ít nhất 2 phần tử/, /at least 2 items/],
  ['file', z.file().min(2048), file(10), 'too_small', /ít nhất 2 KB/, /at least 2 KB/],
  [
    'date ≥',
    z.date().min(day('2025-12-30')),
    day('2025-01-01'),
    'too_small',
    /từ ngày 30\/12\/2025/,
    /on or after 30\/12\/2025/,
  ],
  // too_big per origin
  ['string max', z.string().max(3), 'abcd', 'too_big', /tối đa 3 ký tự/, /at most 3 characters/],
  ['string length', z.string().length(2), 'abcd', 'too_big', /đúng 2 ký tự/, /exactly 2 characters/],
  ['number ≤', z.number().max(100), 100.5, 'too_big', /nhỏ hơn hoặc bằng 100$/, /less than or equal to 100$/],
  ['number <', z.number().lt(1.5), 2, 'too_big', /nhỏ hơn 1,5$/, /less than 1\.5$/],
  ['bigint', z.bigint().max(1n), 2n, 'too_big', /nhỏ hơn hoặc bằng 1/, /or equal to 1/],
  ['array', z.array(z.string()).max(1), ['a', 'b'], 'too_big', /tối đa 1 phần tử/, /at most 1 items?/],
  ['set', z.set(z.string()).max(1), new Set(['a', 'b']), 'too_big', /tối đa 1 phần tử/, /at most 1/],
  [
    'file',
    z.file().max(30_000_000),
    file(30_000_001),
    'too_big',
    /không được lớn hơn 28,6 MB/,
    /at most 28\.6 MB/,
  ],
  [
    'date',
    z.date().max(day('2025-12-30')),
    day('2026-01-01'),
    'too_big',
    /30\/12\/2025/,
    /on or before 30\/12\/2025/,
  ],
  // invalid_format: every format zod checks
  ['email', z.email(), 'x', 'invalid_format', /địa chỉ email/, /e-mail address/],
  ['url', z.url(), 'x', 'invalid_format', /URL/, /a URL/],
  ['emoji', z.emoji(), 'x', 'invalid_format', /biểu tượng cảm xúc/, /emoji/],
  ['uuid', z.uuid(), 'x', 'invalid_format', /UUID/, /UUID/],
  ['uuidv4', z.uuidv4(), 'x', 'invalid_format', /UUID/, /UUID/],
  ['guid', z.guid(), 'x', 'invalid_format', /GUID/, /GUID/],
  ['nanoid', z.nanoid(), '!', 'invalid_format', /nanoid/, /nanoid/],
  ['cuid', z.cuid(), '!', 'invalid_format', /cuid/, /cuid/],
  ['cuid2', z.cuid2(), '!', 'invalid_format', /cuid2/, /cuid2/],
  ['ulid', z.ulid(), '!', 'invalid_format', /ULID/, /ULID/],
  ['xid', z.xid(), '!', 'invalid_format', /XID/, /XID/],
  ['ksuid', z.ksuid(), '!', 'invalid_format', /KSUID/, /KSUID/],
  [
    'datetime',
    z.iso.datetime({ offset: true }),
    'x',
    'invalid_format',
    /thời điểm theo ISO 8601/,
    /ISO 8601 date and time/,
  ],
  ['date', z.iso.date(), '2025-1-1', 'invalid_format', /năm-tháng-ngày/, /year-month-day/],
  ['time', z.iso.time(), 'x', 'invalid_format', /giờ:phút/, /hours:minutes/],
  ['duration', z.iso.duration(), 'x', 'invalid_format', /khoảng thời gian/, /duration/],
  ['ipv4', z.ipv4(), 'x', 'invalid_format', /IPv4/, /IPv4 address/],
  ['ipv6', z.ipv6(), 'x', 'invalid_format', /IPv6/, /IPv6 address/],
  ['mac', z.mac(), 'x', 'invalid_format', /MAC/, /MAC address/],
  ['cidrv4', z.cidrv4(), 'x', 'invalid_format', /dải địa chỉ IPv4/, /IPv4 range/],
  ['cidrv6', z.cidrv6(), 'x', 'invalid_format', /dải địa chỉ IPv6/, /IPv6 range/],
  ['base64', z.base64(), '!', 'invalid_format', /base64/, /base64/],
  ['base64url', z.base64url(), '!', 'invalid_format', /base64url/, /base64url/],
  ['e164', z.e164(), 'x', 'invalid_format', /E\.164/, /E\.164/],
  ['jwt', z.jwt(), 'x', 'invalid_format', /JWT/, /JWT/],
  ['hex', z.hex(), 'x', 'invalid_format', /thập lục phân/, /hexadecimal/],
  ['hash', z.hash('sha256'), 'x', 'invalid_format', /mã băm SHA-256/, /SHA-256 hash/],
  ['regex', z.string().regex(/^a$/), 'b', 'invalid_format', /không đúng định dạng/, /required form/],
  ['starts_with', z.string().startsWith('ab'), 'x', 'invalid_format', /bắt đầu bằng “ab”/, /start with "ab"/],
  ['ends_with', z.string().endsWith('ab'), 'x', 'invalid_format', /kết thúc bằng “ab”/, /end with "ab"/],
  ['includes', z.string().includes('ab'), 'x', 'invalid_format', /chứa “ab”/, /contain "ab"/],
  ['lowercase', z.string().lowercase(), 'A', 'invalid_format', /chữ thường/, /lowercase/],
  ['uppercase', z.string().uppercase(), 'a', 'invalid_format', /chữ in hoa/, /uppercase/],
  ['template literal', z.templateLiteral(['a', z.number()]), 'b', 'invalid_format', /theo mẫu/, /pattern/],
  // the other kinds
  [
    'two decimals',
    z.number().multipleOf(0.01),
    1.234,
    'not_multiple_of',
    /tối đa 2 chữ số thập phân/,
    /at most 2 decimal places/,
  ],
  ['multiple of 5', z.number().multipleOf(5), 7, 'not_multiple_of', /bội số của 5/, /multiple of 5/],
  ['bigint multiple', z.bigint().multipleOf(5n), 7n, 'not_multiple_of', /bội số của 5/, /multiple of 5/],
  [
    'unknown field',
    z.strictObject({}),
    { salary: 1 },
    'unrecognized_keys',
    /“salary” không được phép/,
    /"salary" is not allowed/,
  ],
  [
    'unknown fields',
    z.strictObject({}),
    { a: 1, b: 2 },
    'unrecognized_keys',
    /“a”, “b” không được phép/,
    /"a", "b" are not allowed/,
  ],
  [
    'union of types',
    z.union([z.string(), z.number()]),
    true,
    'invalid_union',
    /phải là chuỗi ký tự hoặc số/,
    /must be a string or a number/,
  ],
  [
    'union of shapes',
    z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]),
    {},
    'invalid_union',
    /không khớp với dạng nào/,
    /none of the accepted forms/,
  ],
  [
    'exclusive union',
    z.xor([z.string(), z.string().min(1)]),
    'a',
    'invalid_union',
    /nhiều hơn một dạng/,
    /more than one accepted form/,
  ],
  [
    'discriminated union',
    z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') }), z.object({ kind: z.literal('b') })]),
    { kind: 'c' },
    'invalid_union',
    /trường “kind” phải là “a” hoặc “b”/,
    /field "kind" must be "a" or "b"/,
  ],
  [
    'record key',
    z.record(z.string().min(2), z.string()),
    { a: 'x' },
    'invalid_key',
    /khoá không hợp lệ trong bảng khoá – giá trị: phải có ít nhất 2 ký tự/,
    /invalid key in the record: must have at least 2 characters/,
  ],
  [
    'map key',
    z.map(z.number(), z.string()),
    new Map([[{}, 'x']]),
    'invalid_key',
    /khoá không hợp lệ trong bảng ánh xạ/,
    /invalid key in the map/,
  ],
  [
    'map value',
    z.map(z.object({}), z.number()),
    new Map([[{}, 'x']]),
    'invalid_element',
    /phần tử không hợp lệ trong bảng ánh xạ: phải là số/,
    /invalid element in the map: must be a number/,
  ],
  ['one value', z.literal('yes'), 'no', 'invalid_value', /phải là “yes”/, /must be "yes"/],
  [
    'enum',
    z.enum(['recommend', 'reject']),
    'x',
    'invalid_value',
    /một trong các giá trị: “recommend”, “reject”/,
    /one of: "recommend", "reject"/,
  ],
  ['boolean literal', z.literal(true), false, 'invalid_value', /đúng \(true\)/, /must be true/],
  ['refinement', z.string().refine(() => false), 'x', 'custom', /giá trị không hợp lệ/, /is not valid/],
];

describe('zod messages in Vietnamese and English', () => {
  it.each(CASES)('%s', (_label, schema, input, code, vi, en) => {
    const issue = issueOf(schema, input);
    expect(issue.code).toBe(code);
    const text = zodIssueText(issue);
    expect(text.vi).toMatch(vi);
    expect(text.en).toMatch(en);
    // Literal values a client must send ("recommend", true) are quoted; anything else English is a leak.
    const viWords = text.vi.replace(/“[^”]*”/g, '').replace(/\((true|false|null)\)/g, '');
    expect(viWords).not.toMatch(ENGLISH);
    expect(text.en).not.toMatch(VIETNAMESE);
  });

  it('covers every issue kind of zod core', () => {
    const kinds: core.$ZodIssueCode[] = [
      'invalid_type',
      'too_big',
      'too_small',
      'invalid_format',
      'not_multiple_of',
      'unrecognized_keys',
      'invalid_union',
      'invalid_key',
      'invalid_element',
      'invalid_value',
      'custom',
    ];
    expect(new Set(CASES.map((c) => c[3]))).toEqual(new Set(kinds));
  });

  it('covers every string format zod checks', () => {
    const formats: core.$ZodStringFormats[] = [
      'email',
      'url',
      'emoji',
      'uuid',
      'guid',
      'nanoid',
      'cuid',
      'cuid2',
      'ulid',
      'xid',
      'ksuid',
      'datetime',
      'date',
      'time',
      'duration',
      'ipv4',
      'ipv6',
      'cidrv4',
      'cidrv6',
      'base64',
      'base64url',
      'e164',
      'lowercase',
      'uppercase',
      'regex',
      'jwt',
      'starts_with',
      'ends_with',
      'includes',
    ];
    const seen = new Set(
      CASES.filter((c) => c[3] === 'invalid_format').map(
        (c) => (issueOf(c[1], c[2]) as { format: string }).format,
      ),
    );
    for (const format of formats) expect(seen).toContain(format);
  });

  it('serves as the error map of a parse, in the language asked for', () => {
    const schema = z.object({ year: z.number().min(2000) });
    const vi = schema.safeParse({ year: 1999 }, { error: zodErrorMap('vi') });
    const en = schema.safeParse({ year: 1999 }, { error: zodErrorMap('en') });
    expect(vi.error?.issues[0]?.message).toBe('phải lớn hơn hoặc bằng 2000');
    expect(en.error?.issues[0]?.message).toBe('must be greater than or equal to 2000');
  });
});
