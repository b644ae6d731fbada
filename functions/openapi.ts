// The OpenAPI 3.1 document, generated from the route table and the same zod schemas that validate
// requests (zod 4's JSON Schema output is draft 2020-12, the dialect of OpenAPI 3.1).

import * as z from 'zod/mini';
import { STATUS_OF } from './pipeline/problem.ts';
import { IMPORT_CONTENT_TYPES, type RouteDef } from './pipeline/route.ts';
import { ROUTES } from './routes.ts';
import { Problem } from './schemas.ts';

type JsonSchema = Record<string, unknown>;

/** Named schemas (`.meta({ id })`) collected from every conversion, published under components. */
const components: Record<string, JsonSchema> = {};

/** Points refs to named schemas at components instead of the per-conversion $defs. */
const relocate = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(relocate);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : relocate(v),
    ]),
  );
};

const toSchema = (schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
  delete json.$defs;
  for (const [name, def] of Object.entries(defs)) {
    // Input and output forms of one schema differ only by defaults; keep the first met.
    components[name] ??= relocate(def) as JsonSchema;
  }
  return relocate(json) as JsonSchema;
};

function parameters(route: RouteDef) {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.params?.()],
    ['query', route.query?.()],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  if (route.ifMatch)
    out.push({
      name: 'If-Match',
      in: 'header',
      required: true,
      schema: { type: 'string' },
      description: 'The version (ETag) of the object being changed',
    });
  if (route.idempotent)
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', maxLength: 200 },
    });
  // R-I18N-1: any value is accepted; English when it prefers en, Vietnamese otherwise.
  out.push({
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description:
      'The language of the texts meant for people: English when the header prefers `en` ' +
      '(e.g. `en`, `en-US,en;q=0.9`), Vietnamese for any other value or none.',
    schema: { type: 'string', examples: ['vi', 'en', 'en-US,en;q=0.9'] },
  });
  return out;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The body of a successful non-JSON answer: text for text types, any bytes otherwise. */
const rawMedia = (type: string) =>
  type.startsWith('text/') || type === 'application/javascript'
    ? { schema: { type: 'string' } }
    : { schema: { type: 'string', contentMediaType: type } };

function successResponse(route: RouteDef) {
  if (route.successStatus === 204) return { description: 'Done' };
  if (route.responseContentType) {
    const types = [route.responseContentType].flat();
    return { description: 'Success', content: Object.fromEntries(types.map((t) => [t, rawMedia(t)])) };
  }
  return {
    description: 'Success',
    content: { 'application/json': route.response ? { schema: toSchema(route.response(), 'output') } : {} },
  };
}

/** A file each CSV import takes, as the route's description explains the columns. */
const CSV_EXAMPLES: Record<string, string> = {
  importUnits: 'unitId,name,tier,parentUnitId,parScored\nvd-so-vi-du,Sở Ví dụ,province,,false\n',
  importIndexResults: 'year,unitId,parIndexScore,parIndexRank,satisfactionIndex\n2020,so-noi-vu,,,\n',
};

/** Reads that depend on the object's state: a document is served only once verified (R-DOC-1). */
const READS_REFUSED_BY_STATE = new Set(['downloadDocument']);

function operation(route: RouteDef) {
  const bodyKind = route.bodyKind ?? (route.body ? 'json' : 'none');
  const responses: Record<string, unknown> = {
    [String(route.successStatus ?? 200)]: successResponse(route),
    '400': problemResponse('VALIDATION_FAILED'),
  };
  if (route.auth !== 'public') {
    responses['401'] = problemResponse('UNAUTHENTICATED');
    responses['403'] = problemResponse('FORBIDDEN');
  }
  if (route.auth !== 'public' || route.params) responses['404'] = problemResponse('NOT_FOUND');
  if (route.ifMatch) responses['428'] = problemResponse('VERSION_REQUIRED');
  // A change is written only over the version it was computed from: a stale If-Match, or (without one) a
  // record someone changed meanwhile, as a registry or index-result import may meet.
  if (route.ifMatch || route.method !== 'GET') responses['412'] = problemResponse('VERSION_CONFLICT');
  if (route.method !== 'GET' || READS_REFUSED_BY_STATE.has(route.id)) {
    responses['409'] = problemResponse('INVALID_STATE');
  }
  if (route.method !== 'GET') {
    responses['409'] = problemResponse('INVALID_STATE, DUPLICATE_NOMINEE or QUOTA_EXCEEDED');
    responses['422'] = problemResponse(
      'DOSSIER_INCOMPLETE, DEADLINE_PASSED, NOT_ELIGIBLE, UNIT_INACTIVE, TIER_NOT_IN_CAMPAIGN or IDEMPOTENCY_KEY_REUSED',
    );
  }
  if (bodyKind !== 'none')
    responses['415'] = problemResponse(
      `UNSUPPORTED_MEDIA_TYPE: the body is not ${bodyKind === 'csv' ? 'a CSV file or an .xlsx workbook' : 'JSON'}`,
    );
  // Any request, a GET included, is refused whole when its body is over the limit of its kind.
  responses['413'] = problemResponse('PAYLOAD_TOO_LARGE');
  responses['500'] = problemResponse('INTERNAL (never with internals)');
  responses['503'] = problemResponse('SERVICE_UNAVAILABLE: the store did not answer; nothing was changed');
  return {
    operationId: route.id,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(route.auth === 'public'
      ? { security: [] }
      : { description: `${route.description ?? ''}\n\nRoles: ${route.auth.join(', ')}`.trim() }),
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(route.body(), 'input') } },
          },
        }
      : route.bodyKind === 'csv'
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                (route.requestContentTypes ?? IMPORT_CONTENT_TYPES).map((type) => [
                  type,
                  type.startsWith('text/')
                    ? {
                        schema: { type: 'string' },
                        ...(CSV_EXAMPLES[route.id] ? { example: CSV_EXAMPLES[route.id] } : {}),
                      }
                    : { schema: { type: 'string', format: 'binary' } },
                ]),
              ),
            },
          }
        : {}),
    responses,
  };
}

/** The groups of operations, in the order the explorer shows them. */
const TAGS: Record<string, string> = {
  meta: 'Health, this document and the API explorer',
  units: 'The unit registry (sở/ban/ngành, UBND cấp huyện, UBND cấp xã)',
  'index results': 'PAR Index scores, ranks and SIPAS per unit and year',
  rounds: 'Campaigns and their rounds: quotas, deadlines, summaries',
  dossiers: "A unit's proposal for one round",
  nominations: 'The collectives and individuals a dossier proposes, with their eligibility',
  documents: 'Files of a dossier: declared, uploaded to a presigned URL, verified by the server',
  'movement reports': "A unit's yearly report on the movement (R-REP-1)",
  appraisal: 'Appraisal by Sở Nội vụ and the report to the Chairman',
  awards: 'Awards granted by the Chairman, the official lists, closing a round',
  audit: 'Who changed what',
  notifications: "Reminders and deadline notices for the caller's unit or role",
  development:
    'Local server only (npm start and the tests): development tokens and the on-demand sweep. ' +
    'Never deployed; the deployed /openapi.json omits them.',
};

/**
 * Where the API answers: first the origin the document came from (so the explorer at /docs calls its own
 * server), then the local server and a deployed stage (the ApiUrl output of `cdk deploy`).
 */
const SERVERS = [
  { url: '/', description: 'The server this document is served from' },
  { url: 'http://localhost:3000', description: 'Local server (`npm start`; PORT overrides the port)' },
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
    description: 'A deployed stage: the ApiUrl output of `npx cdk deploy`',
    variables: {
      apiId: { default: 'apiId', description: 'The HTTP API id' },
      region: { default: 'ap-southeast-1', description: 'The AWS region it is deployed to' },
    },
  },
];

/** The routes the document describes: what a request no route takes is answered against (404 or 405). */
export const documentedRoutes = (includeLocalOnly: boolean): readonly RouteDef[] =>
  ROUTES.filter((route) => includeLocalOnly || !route.localOnly);

export function buildOpenApi(options: { includeLocalOnly: boolean; serverUrl?: string }) {
  // Each document collects its own components: one build never depends on an earlier one.
  for (const name of Object.keys(components)) delete components[name];
  const problemSchema = toSchema(Problem(), 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    if (route.localOnly && !options.includeLocalOnly) continue;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sơn La PAR emulation commendations API',
      version: '1.0.0',
      description:
        'Hồ sơ đề nghị khen thưởng phong trào thi đua "Đẩy mạnh cải cách hành chính Nhà nước tỉnh Sơn La" ' +
        '(Quyết định 1109/QĐ-UBND). Errors are application/problem+json (the Problem schema) with a stable ' +
        `\`code\`: ${Object.keys(STATUS_OF).join(', ')}.\n\n` +
        'Any path not listed here answers 404 (`NOT_FOUND`), and a listed path called with a method not ' +
        'listed for it answers 405 (`METHOD_NOT_ALLOWED`), both as application/problem+json.',
    },
    servers: options.serverUrl ? [{ url: options.serverUrl }, ...SERVERS] : SERVERS,
    security: [{ bearer: [] }],
    tags: Object.entries(TAGS)
      .filter(([name]) => ROUTES.some((r) => r.tag === name && (options.includeLocalOnly || !r.localOnly)))
      .map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...components, Problem: components.Problem ?? problemSchema },
    },
  };
}

/**
 * The document committed as docs/openapi.json (`npm run openapi`), for clients generated without a running
 * server: the one the local server serves, its local-only routes under the `development` tag.
 */
export const committedOpenApi = (): string =>
  `${JSON.stringify(buildOpenApi({ includeLocalOnly: true }), null, 2)}\n`;
