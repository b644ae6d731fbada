// The API explorer as a person uses it, in a real browser: headless Chromium (Debian's `chromium`, driven by
// playwright-core; `.ci/run` installs it when missing) opens /docs, authorises with a dev token, runs "Try it
// out" on GET /rounds and sees 200 with the seeded rounds. This is the one test that needs a browser. Every
// answer of the API the page receives is checked against /openapi.json, as the test clients' answers are.

import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalApi } from '../support/client.ts';
import { checkResponse } from '../support/contract.ts';

const { api } = useLocalApi();

/** Debian's package; CHROMIUM_PATH points elsewhere (for example on a developer's Mac). */
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without these Chromium reaches for Google's services, which a closed network refuses many times over. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Waits for the page, the browser's start and the explorer's scripts on a busy machine. */
const STEP_MS = 30_000;

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(
      `No Chromium at ${EXECUTABLE}: install the Debian package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: FLAGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the API explorer at /docs', () => {
  it('authorises with a dev token and runs "Try it out" on GET /rounds: 200 with the seeded rounds', async () => {
    const token = await api().token('admin');
    const page = await browser.newPage();
    page.setDefaultTimeout(STEP_MS);
    // The API's answers to the page (its document, the explorer's files, the calls of "Try it out").
    const checks: Promise<void>[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin !== new URL(api().baseUrl).origin) return;
      checks.push(
        response.body().then((bytes) =>
          checkResponse({
            method: response.request().method(),
            path: `${url.pathname}${url.search}`,
            status: response.status(),
            contentType: response.headers()['content-type'] ?? '',
            text: bytes.toString('utf8'),
          }),
        ),
      );
    });
    try {
      await page.goto(`${api().baseUrl}/docs`);
      await page.locator('.swagger-ui .information-container').waitFor();

      // Authorize: the bearer scheme's value field, then close the dialog.
      await page.getByRole('button', { name: 'Authorize' }).first().click();
      const dialog = page.locator('.dialog-ux');
      await dialog.locator('input[type="text"], input[type="password"]').first().fill(token);
      await dialog.locator('.auth-btn-wrapper button.authorize').click();
      await dialog.locator('.auth-btn-wrapper button.btn-done').click();

      // GET /rounds: open it, Try it out, Execute.
      const operation = page.locator('#operations-rounds-listRounds');
      await operation.locator('.opblock-summary').click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation.getByRole('button', { name: 'Execute' }).click();

      const live = operation.locator('.live-responses-table .response');
      await live.first().waitFor();
      expect((await live.first().locator('.response-col_status').textContent())?.trim()).toBe('200');
      const body = await operation.locator('.live-responses-table .microlight').first().textContent();
      const rounds = (JSON.parse(body ?? '') as { items: { roundId: string }[] }).items.map((r) => r.roundId);
      expect(rounds).toEqual(expect.arrayContaining(['annual-2025', 'period-2021-2025']));
      expect(checks.length).toBeGreaterThanOrEqual(3);
      await Promise.all(checks);
    } finally {
      await page.close();
    }
  }, 120_000);
});
