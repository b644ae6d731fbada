// SPEC §9: the local server and every store it starts listen on 127.0.0.1 only (HOST moves the API), so
// that nobody on the network can mint admin tokens at /dev/token or read the local table and bucket.
//
// What a process listens on is read from the kernel's socket tables (/proc/net/tcp and tcp6, Linux), and
// checked by connecting through this machine's other addresses.

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../local/stores.ts';
import { Api } from '../support/client.ts';
import { type Child, spawnTsx } from '../support/processes.ts';

const LINUX = process.platform === 'linux';

/** An address of /proc/net/tcp{,6} ("0100007F", 32 hex digits for IPv6) in its usual notation. */
function addressOf(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  // Each 32-bit word is in host (little-endian) byte order.
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join('.')}`;
  if (bytes.every((b) => b === 0)) return '::';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  return (hex.match(/.{4}/g) ?? []).join(':');
}

/** The local addresses of the sockets listening on `port`. */
function listeningOn(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, portHex] = (local ?? '').split(':');
      if (state === '0A' && Number.parseInt(portHex ?? '', 16) === port) found.push(addressOf(address ?? ''));
    }
  }
  return found;
}

const isLoopback = (address: string) => /^(127\.|::ffff:127\.|::1$)/.test(address);

/** This machine's addresses other than loopback (IPv4). */
const otherAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);

/** Whether a TCP connection to address:port is accepted. */
const accepts = (address: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: address, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

/** Listening, on loopback only, and not reachable through the machine's other addresses. */
async function expectLoopbackOnly(what: string, port: number) {
  const addresses = listeningOn(port);
  expect(addresses, `${what} on port ${port}`).not.toEqual([]);
  for (const address of addresses) expect(isLoopback(address), `${what} listens on ${address}`).toBe(true);
  expect(await accepts('127.0.0.1', port), `${what} on 127.0.0.1`).toBe(true);
  for (const address of otherAddresses())
    expect(await accepts(address, port), `${what} reachable at ${address}:${port}`).toBe(false);
}

const portOf = (url: string) => Number(new URL(url).port);

describe.runIf(LINUX)('SPEC §9: local stores listen on 127.0.0.1 only', () => {
  it('SPEC §9: DynamoDB Local and s3rver, as the test setup starts them, listen on loopback only', async () => {
    await expectLoopbackOnly('DynamoDB Local', portOf(inject('dynamoEndpoint')));
    await expectLoopbackOnly('s3rver', portOf(inject('s3Endpoint')));
  });
});

describe.runIf(LINUX)('SPEC §9: npm start', () => {
  let dir = '';
  const started: Child[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'commendation-start-'));
  });
  afterAll(async () => {
    await Promise.allSettled(started.map((c) => c.kill()));
    await rm(dir, { recursive: true, force: true });
  });

  /** `npm start` on a free port with its data in this test's directory; the addresses it reports. */
  async function start(env: Record<string, string> = {}) {
    const port = await freePort();
    const child = spawnTsx('local/start.ts', [], {
      PORT: String(port),
      LOCAL_DATA_DIR: dir,
      LOG_LEVEL: 'ERROR',
      MAIL_SMTP_PORT: '0',
      MAIL_WEB_PORT: '0',
      ...env,
    });
    started.push(child);
    const [, dynamo, s3] = await child.waitFor(
      /DynamoDB Local (http:\/\/\S+), S3 (http:\/\/[^)\s]+)\)/,
      120_000,
    );
    const [, inbox, smtp] = await child.waitFor(
      /Mail\s+inbox http:\/\/localhost:(\d+)\s+\(SMTP 127\.0\.0\.1:(\d+);/,
      120_000,
    );
    const mail = { inbox: Number(inbox), smtp: Number(smtp) };
    return { child, port, dynamo: portOf(dynamo!), s3: portOf(s3!), mail };
  }

  it('SPEC §9: the API, DynamoDB Local, s3rver and the mail catcher listen on loopback only; the page-token key is kept with the data', {
    timeout: 180_000,
  }, async () => {
    const { child, port, dynamo, s3, mail } = await start();
    try {
      await expectLoopbackOnly('the API', port);
      const health = await new Api(`http://127.0.0.1:${port}`).get('/health');
      expect(health.status).toBe(200);
      await expectLoopbackOnly('DynamoDB Local', dynamo);
      await expectLoopbackOnly('s3rver', s3);
      await expectLoopbackOnly('the mail catcher (SMTP)', mail.smtp);
      await expectLoopbackOnly('the mail inbox page', mail.inbox);
      // SPEC §8: page tokens sealed with a key of this data directory, readable by its owner only.
      const key = await stat(join(dir, 'page-token-secret'));
      expect(key.mode & 0o077).toBe(0);
    } finally {
      await child.kill();
    }
  });

  it('SPEC §9: HOST=0.0.0.0 opens the API to the network, and only the API', {
    timeout: 180_000,
  }, async () => {
    const { child, port, dynamo, s3, mail } = await start({ HOST: '0.0.0.0' });
    try {
      expect(listeningOn(port)).toContain('0.0.0.0');
      for (const address of otherAddresses()) expect(await accepts(address, port)).toBe(true);
      await expectLoopbackOnly('DynamoDB Local', dynamo);
      await expectLoopbackOnly('s3rver', s3);
      await expectLoopbackOnly('the mail catcher (SMTP)', mail.smtp);
    } finally {
      await child.kill();
    }
  });
});
