/**
 * Runs s3rver (an S3-compatible server on the local file system) in its own process, so the parent can
 * start and stop it by PID like DynamoDB Local.
 *
 * Usage: node local/s3-server.mjs '{"port":0,"address":"127.0.0.1","directory":"/abs/dir","accessKeyId":"local"}'
 * Prints `S3RVER_READY <port>` on stdout once listening; on failure prints `S3RVER_ERROR <code> <message>`
 * on stderr and exits 1. Port 0 lets the OS choose a free port, which the ready line reports.
 */
import { createRequire } from 'node:module';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);

const options = JSON.parse(process.argv[2] ?? '{}');
const port = Number(options.port ?? 0);
// This machine only unless told otherwise (SPEC §9).
const address = String(options.address ?? '127.0.0.1');
const directory = String(options.directory ?? '');
const accessKeyId = String(options.accessKeyId ?? 'local');

if (!directory) {
  process.stderr.write('S3RVER_ERROR EINVAL missing "directory" option\n');
  process.exit(1);
}

// s3rver knows one hard-coded key id (S3RVER) and does not verify SigV4 signatures; register the key id the
// local clients and handlers sign with, so they need no s3rver-specific credentials.
require('s3rver/lib/models/account').DUMMY_ACCOUNT.createKeyPair(accessKeyId, accessKeyId);

const server = new S3rver({ port, address, directory, silent: true });

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  try {
    await server.close();
  } catch {
    // Not running yet or already closed: nothing to release.
  }
  process.exit(0);
};

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// Started by a parent with an IPC channel: when the parent goes away without stopping us, go too.
if (process.send) process.on('disconnect', shutdown);

try {
  const address = await server.run();
  process.stdout.write(`S3RVER_READY ${address.port}\n`);
} catch (error) {
  const code = error?.code ?? 'ERROR';
  const message = error?.message ?? String(error);
  process.stderr.write(`S3RVER_ERROR ${code} ${message}\n`);
  process.exit(1);
}
