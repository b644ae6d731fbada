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
    ['path', route.params],
    ['query', route.query],
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
  out.push({
    name: 'Accept-Language',
    in: 'header',
    required: false,
    schema: { type: 'string', enum: ['vi', 'en'] },
  });
  return out;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function operation(route: RouteDef) {
  const success = String(route.successStatus ?? 200);
  const responses: Record<string, unknown> = {
    [success]:
      success === '204'
        ? { description: 'Done' }
        : {
            description: 'Success',
            content: {
              [route.responseContentType ?? 'application/json']: route.response
                ? { schema: toSchema(route.response, 'output') }
                : {},
            },
          },
    '400': problemResponse('VALIDATION_FAILED'),
  };
  if (route.auth !== 'public') {
    responses['401'] = problemResponse('UNAUTHENTICATED');
    responses['403'] = problemResponse('FORBIDDEN');
    responses['404'] = problemResponse('NOT_FOUND');
  }
  if (route.ifMatch) responses['428'] = problemResponse('VERSION_REQUIRED');
  // A change is written only over the version it was computed from: a stale If-Match, or (without one) a
  // record someone changed meanwhile, as a registry or index-result import may meet.
  if (route.ifMatch || route.method !== 'GET') responses['412'] = problemResponse('VERSION_CONFLICT');
  if (route.method !== 'GET') {
    responses['409'] = problemResponse('INVALID_STATE, DUPLICATE_NOMINEE or QUOTA_EXCEEDED');
    responses['413'] = problemResponse('PAYLOAD_TOO_LARGE');
    responses['422'] = problemResponse(
      'DOSSIER_INCOMPLETE, DEADLINE_PASSED, NOT_ELIGIBLE, UNIT_INACTIVE or TIER_NOT_IN_CAMPAIGN',
    );
  }
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
            content: { 'application/json': { schema: toSchema(route.body, 'input') } },
          },
        }
      : route.bodyKind === 'csv'
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                (route.requestContentTypes ?? IMPORT_CONTENT_TYPES).map((type) => [
                  type,
                  {
                    schema: type.startsWith('text/')
                      ? { type: 'string' }
                      : { type: 'string', format: 'binary' },
                  },
                ]),
              ),
            },
          }
        : {}),
    responses,
  };
}

export function buildOpenApi(options: { includeLocalOnly: boolean; serverUrl?: string }) {
  const problemSchema = toSchema(Problem, 'output');
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
        '(Quyết định 1109/QĐ-UBND). Errors are application/problem+json with a stable `code`: ' +
        Object.keys(STATUS_OF).join(', '),
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...components, Problem: components.Problem ?? problemSchema },
    },
  };
}
