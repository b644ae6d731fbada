// SPEC R-API-1: every response the HTTP suites receive is checked against the OpenAPI document, generated
// in-process from functions/openapi.ts (the document the local server serves, local-only routes included).
// The test clients (test/support/client.ts) call `checkResponse` on every answer, so a new route or a new
// suite cannot escape it. Each check is also logged to the run's contract directory (set by the global
// setup), and the global teardown sums the logs: responses validated, operations covered.

import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildOpenApi } from '#functions/openapi.ts';

type Json = Record<string, unknown>;
interface MediaType {
  schema?: Json;
}
interface ResponseObject {
  description: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  responses: Record<string, ResponseObject | { $ref: string }>;
}

export const CONTRACT_DOCUMENT = buildOpenApi({ includeLocalOnly: true }) as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; responses?: Record<string, ResponseObject> };
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Every operation of the document, as `METHOD /path/{template}`. */
export const DOCUMENTED_OPERATIONS: string[] = Object.entries(CONTRACT_DOCUMENT.paths).flatMap(
  ([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
);

// ajv-formats is CommonJS with a default export: its namespace may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const DOCUMENT_ID = 'https://son-la-par.example/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: CONTRACT_DOCUMENT.components.schemas } });

/** A schema of the document with its `#/components/...` references pointed at the registered document. */
const anchored = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(anchored);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOCUMENT_ID}${v}` : anchored(v),
    ]),
  );
};

const compiled = new Map<Json, ValidateFunction>();
const validatorOf = (schema: Json): ValidateFunction => {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(anchored(schema) as Json);
    compiled.set(schema, validate);
  }
  return validate;
};

// Path templates matched as API Gateway matches them: one `{param}` is one non-empty segment, literal
// parts (including `:` as in `/units:import`) match exactly, and a trailing slash is not significant.
const templates = Object.keys(CONTRACT_DOCUMENT.paths).map((template) => {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{.+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\:]/g, '\\$&')))
    .join('');
  return { template, pattern: new RegExp(`^${source}$`) };
});

/** The request path as the server routes it: the URL's normalised pathname, without a trailing slash. */
const routedPath = (rawPath: string): string => {
  let path = new URL(rawPath, 'http://localhost').pathname;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
};

export interface Answer {
  method: string;
  /** As sent: path and query, possibly percent-encoded. */
  path: string;
  status: number;
  contentType: string;
  text: string;
}

const mediaTypeOf = (header: string) => header.split(';')[0]?.trim().toLowerCase() ?? '';

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const describeErrors = (errors: readonly ErrorObject[] | null | undefined) =>
  (errors ?? [])
    .slice(0, 10)
    .map((e) => `  ${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');

const snippet = (text: string) => (text.length > 600 ? `${text.slice(0, 600)}…` : text);

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

function fail(answer: Answer, where: string, why: string): never {
  throw new ContractViolation(
    `Response does not match /openapi.json (SPEC R-API-1)\n` +
      `  request:  ${answer.method} ${answer.path}\n  operation: ${where}\n` +
      `  status:   ${answer.status}, content-type: ${answer.contentType || '(none)'}\n${why}\n` +
      `  body: ${snippet(answer.text)}`,
  );
}

function checkBody(answer: Answer, where: string, media: MediaType | undefined, mediaType: string) {
  if (!media?.schema) return;
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) return;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    fail(answer, where, '  the body is not JSON');
  }
  const validate = validatorOf(media.schema);
  if (!validate(body)) fail(answer, where, `  schema errors:\n${describeErrors(validate.errors)}`);
}

const problemSchema = { $ref: '#/components/schemas/Problem' };

/** Checks one response against the document and logs it for the run's summary. */
export function checkResponse(answer: Answer): void {
  record(validateResponse(answer));
}

/**
 * Checks one response against the document: throws a `ContractViolation` naming the route, the status,
 * the schema errors and the start of the body when it does not match; else says which operation answered.
 */
export function validateResponse(answer: Answer): Seen {
  const method = answer.method.toUpperCase();
  const path = routedPath(answer.path);
  const matches = templates.filter((t) => t.pattern.test(path));
  const template = matches.find((t) => CONTRACT_DOCUMENT.paths[t.template]?.[method.toLowerCase()]);
  const mediaType = mediaTypeOf(answer.contentType);
  if (!template) {
    // No operation: the server answers as the document's info says, 404 (no such path) or 405 (the path
    // exists with other methods), as problem+json.
    const where = `(no operation: ${method} ${path})`;
    const expected = matches.length > 0 ? 405 : 404;
    if (answer.status !== expected)
      fail(
        answer,
        where,
        `  expected ${expected} for a ${expected === 404 ? 'path' : 'method'} not in the document`,
      );
    if (mediaType !== PROBLEM_MEDIA_TYPE) fail(answer, where, `  expected ${PROBLEM_MEDIA_TYPE}`);
    checkBody(answer, where, { schema: problemSchema }, mediaType);
    return { operation: `${method} *`, status: answer.status };
  }
  const operation = CONTRACT_DOCUMENT.paths[template.template]?.[method.toLowerCase()] as Operation;
  const where = `${method} ${template.template} (${operation.operationId})`;
  let response = operation.responses[String(answer.status)] ?? operation.responses.default;
  if (response && '$ref' in response) {
    const name = response.$ref.replace('#/components/responses/', '');
    response = CONTRACT_DOCUMENT.components.responses?.[name];
  }
  if (!response) {
    fail(
      answer,
      where,
      `  status ${answer.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`,
    );
  }
  const content = response.content;
  if (!content || Object.keys(content).length === 0) {
    if (answer.text.length > 0) fail(answer, where, '  the document declares no body for this status');
  } else {
    const media = content[mediaType];
    if (!media)
      fail(
        answer,
        where,
        `  content type ${mediaType || '(none)'} not documented (${Object.keys(content).join(', ')})`,
      );
    checkBody(answer, where, media, mediaType);
  }
  return { operation: `${method} ${template.template}`, status: answer.status };
}

// ---------------------------------------------------------------------------------------------------------
// The run's log and its summary

interface Seen {
  operation: string;
  status: number;
}

const logFile = () => {
  const dir = process.env.CONTRACT_LOG_DIR;
  return dir ? join(dir, `${process.pid}.jsonl`) : undefined;
};

function record(seen: Seen): void {
  const file = logFile();
  if (file) appendFileSync(file, `${JSON.stringify(seen)}\n`);
}

export interface ContractSummary {
  responsesValidated: number;
  operations: number;
  operationsAnswered: number;
  operationsSucceeded: number;
  /** Operations no response was seen for; operations seen only failing. */
  notAnswered: string[];
  neverSucceeded: string[];
  /** `METHOD /path status` → how many responses. */
  seen: Record<string, number>;
}

/** Sums the logs of a run's workers. */
export function summarise(dir: string): ContractSummary {
  const seen: Record<string, number> = {};
  let responsesValidated = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!line) continue;
      const { operation, status } = JSON.parse(line) as Seen;
      const key = `${operation} ${status}`;
      seen[key] = (seen[key] ?? 0) + 1;
      responsesValidated++;
    }
  }
  const statusesOf = (operation: string) =>
    Object.keys(seen)
      .filter((key) => key.slice(0, key.lastIndexOf(' ')) === operation)
      .map((key) => Number(key.slice(key.lastIndexOf(' ') + 1)));
  const notAnswered = DOCUMENTED_OPERATIONS.filter((op) => statusesOf(op).length === 0);
  const neverSucceeded = DOCUMENTED_OPERATIONS.filter((op) => !statusesOf(op).some((s) => s < 300));
  return {
    responsesValidated,
    operations: DOCUMENTED_OPERATIONS.length,
    operationsAnswered: DOCUMENTED_OPERATIONS.length - notAnswered.length,
    operationsSucceeded: DOCUMENTED_OPERATIONS.length - neverSucceeded.length,
    notAnswered,
    neverSucceeded,
    seen,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Requests the document allows

/** A value of a document's string pattern, for the patterns the schemas use (else a plain word). */
const PATTERN_EXAMPLES: [RegExp, (unique: string) => string][] = [
  [/^\^\[a-z0-9\]\[a-z0-9-\]\*\$$/, (u) => `vd-${u}`],
  [/^\^\[A-Za-z0-9\]\[A-Za-z0-9_-\]\*\$$/, (u) => `vd-${u}`],
  [/^\^\(\?:\[A-Za-z0-9\]/, (u) => `vd-${u}`],
  [/^\^\\d\{12\}\$$/, () => '012345678901'],
  [/^\^\(\?:\\d\{12\}/, () => '012345678901'],
  [/^\^\[A-Za-z0-9\+\/\]\{43\}=\$$/, () => `${'A'.repeat(43)}=`],
  [/T\(\?:\(\?:\[01\]/, () => '2000-01-01T00:00:00Z'],
  [/-02-29/, () => '1985-04-12'],
];

const resolveRef = (schema: Json): Json => {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return resolveRef(CONTRACT_DOCUMENT.components.schemas[name] ?? {});
};

/**
 * The smallest value a schema of the document allows: required properties only, the first of an enum or a
 * union, the least of a range, one item where at least one is needed. `unique` makes ids fresh.
 */
export function minimalValue(input: Json, unique: string): unknown {
  const schema = resolveRef(input);
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('default' in schema) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') return minimalObject(schema, unique);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return minimalValue(options[0] as Json, unique);
  }
  switch (type) {
    case 'array': {
      const count = Number(schema.minItems ?? 0);
      return Array.from({ length: count }, () => minimalValue((schema.items ?? {}) as Json, unique));
    }
    case 'integer':
    case 'number': {
      if (typeof schema.minimum === 'number') return schema.minimum;
      if (typeof schema.exclusiveMinimum === 'number') return schema.exclusiveMinimum + 1;
      if (typeof schema.maximum === 'number') return Math.min(1, schema.maximum);
      return 1;
    }
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'date-time') return '2000-01-01T00:00:00Z';
      if (schema.format === 'date') return '1985-04-12';
      if (schema.format === 'uri') return 'https://example.com/';
      const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
      const example = pattern && PATTERN_EXAMPLES.find(([shape]) => shape.test(pattern));
      const text = example ? example[1](unique) : 'Ví dụ';
      const min = Number(schema.minLength ?? 0);
      return text.length >= min ? text : text.padEnd(min, 'x');
    }
    default:
      return null;
  }
}

/**
 * The required properties, then what the object's own rules ask for: the first alternative of an `anyOf`
 * of required sets, the `then` of an `if` the value meets, and enough properties for `minProperties`.
 */
function minimalObject(schema: Json, unique: string): Json {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const value: Json = {};
  const add = (names: unknown) => {
    for (const name of (names ?? []) as string[])
      if (!(name in value)) value[name] = minimalValue(properties[name] ?? {}, unique);
  };
  add(schema.required);
  const alternatives = (schema.anyOf ?? []) as Json[];
  if (alternatives.length > 0 && !alternatives.some((a) => allows(a, value))) add(alternatives[0]?.required);
  const conditions = [schema, ...((schema.allOf ?? []) as Json[])].filter((c) => c.if && c.then);
  for (const c of conditions) if (allows(c.if as Json, value)) add((c.then as Json).required);
  const least = Number(schema.minProperties ?? 0);
  for (const name of Object.keys(properties)) if (Object.keys(value).length < least) add([name]);
  return value;
}

/** Whether a value is one the schema allows (the document's own validator). */
export const allows = (schema: Json, value: unknown): boolean => validatorOf(schema)(value) as boolean;
