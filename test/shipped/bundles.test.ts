// What ships is what is tested (SPEC §10): every Lambda function bundled as the CDK construct bundles it
// (bench/bundling.ts), its assets copied beside it as the construct's hooks copy them, each bundle's
// `handler` imported from its .mjs file and driven with the events AWS sends — API Gateway HTTP API payload
// 2.0 events with the claims a JWT authorizer passes, an EventBridge scheduled event, an S3 ObjectCreated
// event. A scripted walk through the product drives every deployed route of the table through its bundle.

import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '#domain/types.ts';
import { type RouteDef, XLSX_MEDIA_TYPE } from '#functions/pipeline/route.ts';
import { ROUTES } from '#functions/routes.ts';
import { bundle, bundleBudget, deployedBytes, deployedFunctions } from '../../bench/bundling.ts';
import { type DeployedGroup, deployedRoutes, GROUP_SETTINGS } from '../../infra/stateless-stack.ts';
import { httpApiEvent } from '../../local/http-api-event.ts';
import { scheduledEvent } from '../../local/job-events.ts';
import { compileRoute } from '../../local/server.ts';
import { Api, type ApiResponse, type Exchange, ROOT } from '../support/client.ts';
import {
  ai3Nomination,
  completeDossier,
  declare,
  reportPath,
  s3Event,
  startDossier,
  upload,
  uploadedKey,
} from '../support/documents.ts';
import { ifMatch, individual, uniqueId } from '../support/fixtures.ts';
import { minimalPdf } from '../support/files.ts';

// The sweep below runs over the whole table: this file has a table of its own.
await vi.hoisted(async () => {
  const { useOwnTable } = await import('../support/tables.ts');
  return useOwnTable('shipped');
});

// R-MAIL-1: the mailer bundle's SES v2 client sends to a stand-in of the SES API (the SDK's
// service-specific endpoint variable), which records each SendEmail request and accepts it.
const { sesRequests } = await vi.hoisted(async () => {
  const { createServer } = await import('node:http');
  const requests: { path: string; body: any }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        path: req.url ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ MessageId: `ses-${requests.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  server.unref();
  const { port } = server.address() as { port: number };
  process.env.AWS_ENDPOINT_URL_SESV2 = `http://127.0.0.1:${port}`;
  return { sesRequests: requests };
});

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const FUNCTIONS = deployedFunctions();
const handlers = new Map<string, Handler>();
/** Each bundle's size in bytes, as the construct would deploy it. */
const sizes = new Map<string, number>();
/** Each bundle's index.mjs alone: what every cold start of the function imports. */
const indexSizes = new Map<string, number>();
let outDir = '';

const context = (name: string) =>
  ({
    awsRequestId: randomUUID(),
    functionName: name,
    getRemainingTimeInMillis: () => 10_000,
  }) as unknown as Context;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'shipped-'));
  await Promise.all(
    FUNCTIONS.map(async (f) => {
      const dir = join(outDir, f.name);
      const file = await bundle(join(ROOT, f.entry), dir, f.sideBundles);
      const bytes = await deployedBytes(file, f.sideBundles);
      sizes.set(f.name, bytes.total);
      indexSizes.set(f.name, bytes.index);
      // As the construct's afterBundling hook copies them (the swagger-ui files of the meta group).
      const settings = f.group ? GROUP_SETTINGS[f.group as DeployedGroup] : undefined;
      for (const asset of settings?.assets ?? []) {
        await mkdir(dirname(join(dir, asset.to)), { recursive: true });
        await copyFile(join(ROOT, asset.from), join(dir, asset.to));
      }
      const module = (await import(pathToFileURL(file).href)) as { handler: Handler };
      handlers.set(f.name, module.handler);
    }),
  );
}, 240_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const invoke = (name: string, event: unknown) => {
  const handler = handlers.get(name);
  if (!handler) throw new Error(`no bundle ${name}`);
  return handler(event, context(name));
};

// ---------------------------------------------------------------------------------------------------------
// API Gateway HTTP API (payload 2.0) with a JWT authorizer

const compiled = deployedRoutes().map((route) => ({ route, ...compileRoute(route) }));
const driven = new Set<string>();

type Claims = {
  sub: string;
  'cognito:groups': string;
  'custom:unitId'?: string;
};

/** Sends each request as an API Gateway event to its group's bundle; tokens carry the claims themselves. */
class BundleApi extends Api {
  constructor() {
    super('https://api.example');
  }

  override async token(role: Role, unitId?: string): Promise<string> {
    // As the JWT authorizer passes them: array claims flattened to "[a b]".
    const claims: Claims = {
      sub: `${role}-${unitId ?? 'province'}`,
      'cognito:groups': `[${role}]`,
      ...(unitId ? { 'custom:unitId': unitId } : {}),
    };
    return Buffer.from(JSON.stringify(claims)).toString('base64url');
  }

  protected override async exchange(
    method: string,
    path: string,
    requestHeaders: Record<string, string>,
    requestBody: string | Buffer | undefined,
  ): Promise<Exchange> {
    const url = new URL(path, this.baseUrl);
    const match = compiled.find((c) => c.route.method === method && c.pattern.test(url.pathname));
    if (!match) throw new Error(`no deployed route for ${method} ${url.pathname}`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(requestHeaders)) headers[k.toLowerCase()] = v;
    const body = requestBody === undefined ? undefined : Buffer.from(requestBody);
    if (body) headers['content-length'] = String(body.length);
    const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
    const pathParameters = Object.fromEntries(
      match.names.map((n, i) => [n, decodeURIComponent(values[i] ?? '')]),
    );
    const token = headers.authorization?.replace(/^Bearer /, '');
    const claims = token ? (JSON.parse(Buffer.from(token, 'base64url').toString()) as Claims) : undefined;
    const event = httpApiEvent({
      method,
      routePath: match.route.path,
      url,
      pathParameters,
      headers,
      body,
      claims,
      sourceIp: '203.0.113.1',
    });
    const result = (await invoke(`http/${match.route.group}`, event)) as APIGatewayProxyStructuredResultV2;
    driven.add(match.route.id);
    const raw =
      result.body === undefined
        ? Buffer.alloc(0)
        : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
    const responseHeaders = new Headers(
      Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
    );
    return {
      status: result.statusCode ?? 200,
      headers: responseHeaders,
      bytes: raw,
      isBase64Encoded: result.isBase64Encoded ?? false,
    };
  }
}

const api = new BundleApi();
const routeOf = (id: string) => ROUTES.find((r) => r.id === id) as RouteDef;

/** The status, and the body against the route's response schema (or its content type). */
function expectAnswer(res: ApiResponse, id: string, status: number) {
  expect(res.status, `${id}: ${res.text}`).toBe(status);
  const route = routeOf(id);
  if (route.response && status !== 204) route.response().parse(res.body);
  const types = [route.responseContentType ?? []].flat();
  if (types.length > 0) expect(types).toContain(res.headers.get('content-type')?.split(';')[0]);
  return res.body;
}

// ---------------------------------------------------------------------------------------------------------

describe('the shipped bundles (SPEC §10: what ships is what is tested)', () => {
  it('builds one bundle per deployed function, each exporting handler', () => {
    expect(handlers.size).toBe(FUNCTIONS.length);
    for (const name of ['jobs/sweep', 'jobs/verify-upload', 'jobs/mailer', 'http/meta', 'http/dossiers']) {
      expect(typeof handlers.get(name)).toBe('function');
    }
  });

  it('keeps every bundle within its budget (SPEC §10: 400 KB minified, the export one 2 MB)', () => {
    expect(sizes.size).toBe(FUNCTIONS.length);
    const over = FUNCTIONS.filter((f) => (sizes.get(f.name) ?? 0) > bundleBudget(f)).map(
      (f) => `${f.name}: ${Math.ceil((sizes.get(f.name) ?? 0) / 1024)} KB > ${bundleBudget(f) / 1024} KB`,
    );
    expect(over).toEqual([]);
  });

  it('leaves exceljs out of the spreadsheet function’s index.mjs, in its own file beside it', async () => {
    const spreadsheet = FUNCTIONS.find((f) => f.group === 'exports');
    expect(spreadsheet?.sideBundles.map((side) => side.module)).toEqual(['exceljs']);
    // What every cold start of it imports is as small as any other function's; the workbook routes
    // (driven below through this very bundle) load exceljs.mjs.
    expect(indexSizes.get('http/exports') ?? Infinity).toBeLessThanOrEqual(400 * 1024);
    expect(sizes.get('http/exports') ?? 0).toBeGreaterThan(1024 * 1024);
  });

  it('answers every deployed route through its bundle, in a walk through the product', async () => {
    // ---- meta
    expect(expectAnswer(await api.get('/health'), 'health', 200)).toEqual({ status: 'ok' });
    const openapi = expectAnswer(await api.get('/openapi.json'), 'openapi', 200);
    expect(openapi.openapi).toMatch(/^3\.1/);
    const docs = expectAnswer(await api.get('/docs'), 'docs', 200);
    expect(docs).toContain('swagger');
    const asset = await api.get('/docs/swagger-ui.css');
    expect(asset.status, asset.text).toBe(200);

    // ---- units and index results
    const admin = await api.token('admin');
    const appraiser = await api.token('appraiser');
    const approver = await api.token('approver');
    const unitId = uniqueId('u-prov');
    expectAnswer(
      await api.post('/units', {
        token: admin,
        body: { unitId, name: `Sở thử ${unitId}`, tier: 'province', parScored: true },
      }),
      'createUnit',
      201,
    );
    expectAnswer(await api.get(`/units/${unitId}`, { token: admin }), 'getUnit', 200);
    expectAnswer(
      await api.put(`/units/${unitId}`, {
        token: admin,
        body: { name: `Sở thử ${unitId} (đổi tên)`, tier: 'province', parScored: true },
      }),
      'updateUnit',
      200,
    );
    expectAnswer(await api.get('/units?tier=province', { token: admin }), 'listUnits', 200);
    const imported = await api.post('/units:import', {
      token: admin,
      rawBody: `unitId,name,tier,parentUnitId,parScored\n${uniqueId('u-imp')},Sở nhập,province,,true\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expectAnswer(imported, 'importUnits', 200);
    expectAnswer(
      // The dossier below is so-noi-vu's: its 2025 results make its AI3 nominee eligible.
      await api.put('/index-results/2025/so-noi-vu', {
        token: admin,
        body: { parIndexScore: 92.5, parIndexRank: 2, satisfactionIndex: 93 },
      }),
      'putIndexResult',
      200,
    );
    expectAnswer(
      await api.post('/index-results:import', {
        token: admin,
        rawBody: `year,unitId,parIndexScore,parIndexRank,satisfactionIndex\n2024,${unitId},80,5,85\n`,
        headers: { 'content-type': 'text/csv' },
      }),
      'importIndexResults',
      200,
    );
    expectAnswer(await api.get('/index-results?year=2025', { token: admin }), 'listIndexResults', 200);

    // ---- campaigns and rounds
    const campaigns = expectAnswer(await api.get('/campaigns', { token: admin }), 'listCampaigns', 200);
    const seeded = campaigns.items[0];
    const campaign = expectAnswer(
      await api.get(`/campaigns/${seeded.campaignId}`, { token: admin }),
      'getCampaign',
      200,
    );
    const { campaignId: _id, version: _v, createdAt: _c, updatedAt: _u, ...definition } = campaign;
    const newCampaign = await api.post('/campaigns', {
      token: admin,
      body: { ...definition, campaignId: uniqueId('c'), name: 'Chiến dịch thử' },
    });
    const created = expectAnswer(newCampaign, 'createCampaign', 201);
    expectAnswer(
      await api.patch(`/campaigns/${created.campaignId}`, {
        token: admin,
        headers: ifMatch(created.version),
        body: { name: 'Chiến dịch thử (sửa)' },
      }),
      'patchCampaign',
      200,
    );

    // createRound through the fixtures: a round of its own, a dossier, a nomination.
    const w = await startDossier(api, { nominations: 1 });
    expectAnswer(await api.get('/rounds', { token: admin }), 'listRounds', 200);
    expectAnswer(await api.get(`/rounds/${w.roundId}`, { token: admin }), 'getRound', 200);
    expectAnswer(
      await api.patch(`/rounds/${w.roundId}`, {
        token: admin,
        // The year-2025 round's appraisal deadline is past on today's clock: moved so the report can go.
        body: {
          appraisalDeadline: new Date(Date.now() + 60 * 86_400_000).toISOString(),
          reason: 'Gia hạn thẩm định',
        },
      }),
      'patchRound',
      200,
    );

    // ---- dossiers, nominations, documents
    const dossier = expectAnswer(
      await api.get(`/dossiers/${w.dossierId}`, { token: w.officer }),
      'getDossier',
      200,
    );
    const patched = expectAnswer(
      await api.patch(`/dossiers/${w.dossierId}`, {
        token: w.officer,
        headers: ifMatch(dossier.version),
        body: { proposalNo: '12/TTr-SNV', proposalDate: '2025-11-20', signerName: 'Nguyễn Văn A' },
      }),
      'patchDossier',
      200,
    );
    expect(patched.proposalNo).toBe('12/TTr-SNV');
    expectAnswer(await api.get(`/dossiers?roundId=${w.roundId}`, { token: admin }), 'listDossiers', 200);
    const nominationId = w.nominationIds[0] as string;
    const nomination = expectAnswer(
      await api.get(`/nominations/${nominationId}`, { token: w.officer }),
      'getNomination',
      200,
    );
    expectAnswer(
      await api.patch(`/nominations/${nominationId}`, {
        token: w.officer,
        headers: ifMatch(nomination.version),
        body: { achievementSummary: 'Tham mưu cải cách hành chính, số hoá hồ sơ' },
      }),
      'patchNomination',
      200,
    );
    const extra = await api.post(`/dossiers/${w.dossierId}/nominations`, {
      token: w.officer,
      body: ai3Nomination(individual(w.unitId)),
    });
    const extraNomination = expectAnswer(extra, 'createNomination', 201);
    const deleted = await api.delete(`/nominations/${extraNomination.nominationId}`, {
      token: w.officer,
      headers: ifMatch(extraNomination.version),
    });
    expectAnswer(deleted, 'deleteNomination', 204);

    // declareDocument and confirmDocument through the fixtures: uploaded to s3rver with the presigned URL.
    await completeDossier(api, w);
    const full = expectAnswer(
      await api.get(`/dossiers/${w.dossierId}`, { token: w.officer }),
      'getDossier',
      200,
    );
    const documentId = full.documents[0].documentId as string;
    const download = expectAnswer(
      await api.get(`/documents/${documentId}/download`, { token: admin }),
      'downloadDocument',
      200,
    );
    expect((await fetch(download.url)).status).toBe(200);
    const submitted = expectAnswer(
      await api.post(`/dossiers/${w.dossierId}/submit`, { token: w.officer, headers: ifMatch(full.version) }),
      'submitDossier',
      200,
    );
    expect(submitted.status).toBe('submitted');

    // A second dossier (in a round of its own), withdrawn.
    const other = await startDossier(api, { nominations: 0 });
    const draft = await api.get(`/dossiers/${other.dossierId}`, { token: other.officer });
    expectAnswer(
      await api.post(`/dossiers/${other.dossierId}/withdraw`, {
        token: other.officer,
        headers: ifMatch(draft.body.version),
      }),
      'withdrawDossier',
      200,
    );

    // ---- appraisal, report, awards, exports, closing
    const toAppraise = await api.get(`/nominations/${nominationId}`, { token: appraiser });
    const appraised = expectAnswer(
      await api.post(`/nominations/${nominationId}/appraisal`, {
        token: appraiser,
        headers: ifMatch(toAppraise.body.version),
        body: { decision: 'recommend' },
      }),
      'appraiseNomination',
      200,
    );
    expect(appraised.status).toBe('recommended');
    expectAnswer(await api.get(`/rounds/${w.roundId}/summary`, { token: appraiser }), 'roundSummary', 200);
    const csv = expectAnswer(
      await api.get(`/rounds/${w.roundId}/nominations.csv`, { token: appraiser }),
      'nominationsCsv',
      200,
    );
    expect(csv).toContain(nominationId);
    const report = expectAnswer(
      await api.post(`/rounds/${w.roundId}/appraisal-report`, { token: appraiser, body: {} }),
      'appraisalReport',
      200,
    );
    expect(report.nominationIds).toContain(nominationId);
    const granted = expectAnswer(
      await api.post(`/rounds/${w.roundId}/awards`, {
        token: approver,
        body: { nominationIds: [nominationId], decisionNo: '99/QĐ-UBND', decisionDate: '2026-01-10' },
      }),
      'grantAwards',
      200,
    );
    expect(granted.awarded[0].status).toBe('awarded');
    const xlsx = await api.get(`/rounds/${w.roundId}/awards.xlsx`, { token: approver });
    expectAnswer(xlsx, 'awardsXlsx', 200);
    expect(xlsx.isBase64Encoded).toBe(true);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const awardsCsv = expectAnswer(
      await api.get(`/rounds/${w.roundId}/awards.csv`, { token: approver }),
      'awardsCsv',
      200,
    );
    expect(awardsCsv).toContain('99/QĐ-UBND');
    const closed = expectAnswer(
      await api.post(`/rounds/${w.roundId}/close`, { token: admin, body: { reason: 'Kết thúc đợt' } }),
      'closeRound',
      200,
    );
    expect(closed.roundId).toBe(w.roundId);

    // ---- audit and notifications
    const audit = expectAnswer(
      await api.get(`/audit?entityId=${encodeURIComponent(w.dossierId)}`, { token: admin }),
      'listAudit',
      200,
    );
    expect(audit.items.length).toBeGreaterThan(0);
    const { storedNotification } = await import('../support/stored.ts');
    const note = await storedNotification({ unitId: w.unitId });
    const notes = expectAnswer(
      await api.get('/notifications?unread=true', { token: w.officer }),
      'listNotifications',
      200,
    );
    expect(notes.items.map((n: { notificationId: string }) => n.notificationId)).toContain(
      note.notificationId,
    );
    const read = expectAnswer(
      await api.post(`/notifications/${note.notificationId}/read`, { token: w.officer }),
      'readNotification',
      200,
    );
    expect(read.read).toBe(true);

    // ---- the yearly movement report (R-REP-1)
    const year = 2026;
    const officer = w.officer;
    const opened = expectAnswer(
      await api.put(reportPath(w.unitId, year), { token: officer }),
      'openMovementReport',
      200,
    );
    const reportFile = minimalPdf('Bao cao phong trao');
    const ticket = expectAnswer(
      await api.post(`${reportPath(w.unitId, year)}/documents`, {
        token: officer,
        body: {
          kind: 'movement_report',
          fileName: 'bao-cao.pdf',
          contentType: 'application/pdf',
          size: reportFile.length,
          sha256: (await import('../support/files.ts')).sha256Base64(reportFile),
        },
      }),
      'declareReportDocument',
      201,
    );
    await upload(ticket, reportFile);
    expectAnswer(
      await api.post(`/documents/${ticket.documentId}/confirm`, { token: officer }),
      'confirmDocument',
      200,
    );
    const current = expectAnswer(
      await api.get(reportPath(w.unitId, year), { token: officer }),
      'getMovementReport',
      200,
    );
    expect(current.reportId).toBe(opened.reportId);
    const sentReport = expectAnswer(
      await api.post(`${reportPath(w.unitId, year)}/submit`, {
        token: officer,
        headers: ifMatch(current.version),
      }),
      'submitMovementReport',
      200,
    );
    expect(sentReport.status).toBe('submitted');
  });

  it('the exports bundle (the spreadsheet function) reads an .xlsx workbook (exceljs inside it) and a CSV that API Gateway sent base64-encoded', async () => {
    const admin = await api.token('admin');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Đơn vị');
    const unitId = uniqueId('u-xlsx');
    sheet.addRow(['unitId', 'name', 'tier', 'parentUnitId', 'parScored']);
    sheet.addRow([unitId, 'Sở từ sổ tính', 'province', null, true]);
    const workbook = await api.post('/units:import', {
      token: admin,
      rawBody: Buffer.from(await book.xlsx.writeBuffer()),
      headers: { 'content-type': XLSX_MEDIA_TYPE },
    });
    expect(expectAnswer(workbook, 'importUnits', 200)).toEqual({ created: 1, updated: 0, unchanged: 0 });

    // A text body delivered in base64, as API Gateway may: decoded before it is read as UTF-8.
    const csv = `\uFEFFyear;unitId;parIndexScore;parIndexRank;satisfactionIndex\r\n2023;${unitId};90.5;;\r\n`;
    const event = httpApiEvent({
      method: 'POST',
      routePath: '/index-results:import',
      url: new URL('https://api.example/index-results:import'),
      pathParameters: {},
      headers: { 'content-type': 'text/csv' },
      body: Buffer.from(csv),
      claims: JSON.parse(Buffer.from(admin, 'base64url').toString()),
    });
    const result = (await invoke('http/exports', {
      ...event,
      body: Buffer.from(csv).toString('base64'),
      isBase64Encoded: true,
    })) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode, String(result.body)).toBe(200);
    expect(JSON.parse(String(result.body))).toEqual({ imported: 1, years: [2023] });
  });

  it("R-I18N-1: the meta bundle answers API Gateway's $default route with a 404/405 problem", async () => {
    const unmatched = async (method: string, path: string, lang: string) => {
      const event = httpApiEvent({
        method,
        routePath: path,
        routeKey: '$default',
        url: new URL(path, 'https://api.example'),
        pathParameters: {},
        headers: { 'accept-language': lang },
      });
      const result = (await invoke('http/meta', event)) as APIGatewayProxyStructuredResultV2;
      return { ...result, problem: JSON.parse(String(result.body)) };
    };
    const missing = await unmatched('GET', '/no-such-thing', 'vi');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers?.['content-type']).toContain('application/problem+json');
    expect(missing.problem).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Không tìm thấy' });
    expect(typeof missing.problem.instance).toBe('string');
    const wrong = await unmatched('DELETE', '/units', 'en');
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers?.allow).toBe('GET, POST');
    expect(wrong.problem).toMatchObject({
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      title: 'Method not allowed',
    });
    expect(typeof wrong.problem.instance).toBe('string');
  });

  it('the upload-verifier bundle verifies a document from an S3 ObjectCreated event', async () => {
    const w = await startDossier(api, { nominations: 0 });
    const data = minimalPdf('Bien ban hop');
    const declared = await declare(api, w.officer, w.dossierId, {
      kind: 'council_minutes',
      data,
      fileName: 'Biên bản họp.pdf',
    });
    expect(declared.status, declared.text).toBe(201);
    await upload(declared.body, data);
    const bucket = process.env.BUCKET_NAME as string;
    const result = await invoke(
      'jobs/verify-upload',
      s3Event(uploadedKey(declared.body.uploadUrl, bucket), bucket),
    );
    expect(result).toEqual({ verified: 1, rejected: 0, notUploaded: 0, ignored: 0 });
    const dossier = await api.get(`/dossiers/${w.dossierId}`, { token: w.officer });
    const doc = dossier.body.documents.find(
      (d: { documentId: string }) => d.documentId === declared.body.documentId,
    );
    expect(doc.status).toBe('verified');
  });

  it('the sweep bundle runs for the time of an EventBridge scheduled event and expires a lapsed draft', async () => {
    const w = await startDossier(api, { nominations: 1, days: 3 });
    const event = scheduledEvent(new Date(Date.now() + 4 * 86_400_000));
    const report = (await invoke('jobs/sweep', event)) as {
      at: string;
      expiredDossierIds: string[];
      rounds: { processed: string[] };
    };
    expect(new Date(report.at).toISOString()).toBe(new Date(event.time).toISOString());
    expect(report.rounds.processed).toContain(w.roundId);
    expect(report.expiredDossierIds).toContain(w.dossierId);
  });

  it('R-MAIL-1: the mailer bundle e-mails the notification of a bus event through SES, once per address', async () => {
    const notificationId = `submission_reminder:annual-2025:so-tai-chinh:7:${uniqueId('t')}`;
    const event = (detail: Record<string, unknown>) => ({
      version: '0',
      id: randomUUID(),
      'detail-type': 'SubmissionReminder',
      source: 'commendation.deadlines',
      account: '123456789012',
      time: '2025-12-22T17:00:00Z',
      region: 'ap-southeast-1',
      resources: [],
      detail,
    });
    const notification = {
      notificationId,
      kind: 'submission_reminder',
      roundId: 'annual-2025',
      unitId: 'so-tai-chinh',
      dueAt: '2025-12-29T17:00:00.000Z',
      daysBefore: 7,
      message: { vi: '…', en: '…' },
      createdAt: '2025-12-22T17:00:00.000Z',
      read: false,
    };
    const before = sesRequests.length;
    const first = (await invoke('jobs/mailer', event(notification))) as { sent: string[] };
    expect(first.sent.sort()).toEqual(['thi-dua@stc.sonla.local', 'van-thu@stc.sonla.local']);
    const sent = sesRequests.slice(before);
    expect(sent).toHaveLength(2);
    for (const r of sent) {
      expect(r.path).toBe('/v2/email/outbound-emails');
      expect(r.body).toMatchObject({
        FromEmailAddress: expect.stringContaining('@'),
        Destination: { ToAddresses: [expect.stringMatching(/@stc\.sonla\.local$/)] },
        Content: {
          Simple: {
            Subject: {
              Charset: 'UTF-8',
              Data: expect.stringContaining('còn 7 ngày (hạn 00:00 ngày 30/12/2025)'),
            },
            Body: {
              Text: { Data: expect.stringContaining('Kính gửi: Sở Tài chính,') },
              Html: expect.anything(),
            },
          },
        },
      });
    }
    // EventBridge delivers at least once: the same event again sends nothing.
    const again = (await invoke('jobs/mailer', event(notification))) as { sent: string[]; skipped: string[] };
    expect(again.sent).toEqual([]);
    expect(again.skipped).toHaveLength(2);
    // A unit without addresses: nothing sent, nothing failed.
    const none = (await invoke(
      'jobs/mailer',
      event({ ...notification, notificationId: `${notificationId}-x`, unitId: 'so-kh-dt' }),
    )) as { sent: string[]; failed: string[] };
    expect(none).toMatchObject({ sent: [], failed: [] });
    expect(sesRequests).toHaveLength(before + 2);
    // Not a notification event: refused (and, in AWS, retried then dead-lettered).
    await expect(invoke('jobs/mailer', { source: 'aws.events', detail: {} })).rejects.toThrow(
      /notification event/,
    );
  });

  it('drove every deployed route of the table through its bundle', () => {
    const deployed = deployedRoutes().map((r) => r.id);
    expect(deployed.filter((id) => !driven.has(id))).toEqual([]);
  });
});
