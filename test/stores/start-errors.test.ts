// `npm start` explains what is wrong instead of printing a stack trace (issue: Java missing, port taken).

import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPortFree, checkJava, JavaRequirementError, PortInUseError } from '../../local/stores.ts';

describe('SPEC §9: npm start says what is missing', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('without Java on the PATH: a JavaRequirementError naming Java 17 and how to install it', async () => {
    process.env.PATH = '/nonexistent';
    const error = await checkJava().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JavaRequirementError);
    expect((error as Error).message).toMatch(/Java 17/);
    expect((error as Error).message).toMatch(/openjdk-17-jre-headless/);
  });

  it('with Java 17+ installed: no error', async () => {
    await expect(checkJava()).resolves.toBeUndefined();
  });

  it('a port in use: a PortInUseError naming the port and the variable that moves it', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const error = await assertPortFree(port, 'API', 'PORT').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toContain(String(port));
      expect((error as Error).message).toContain('PORT');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
