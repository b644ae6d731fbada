// A local API server in a process of its own, for the fault-injection tests: its configuration (which
// DynamoDB, which table) comes from the environment its parent gives it, read once at import like a
// Lambda's. It creates and seeds the table if needed (with the campaign `faults-practice` the tests create
// their rounds in), serves, prints `FAULT_SERVER_READY <port>` and stops
// on SIGTERM. Its parent kills and restarts the DynamoDB Local it talks to.
//
//   TABLE_NAME=… BUCKET_NAME=… DYNAMODB_ENDPOINT=… node --import tsx test/robustness/fault-server.ts

import { createSeededTable } from '../support/tables.ts';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const table = process.env.TABLE_NAME;
if (!endpoint || !table) throw new Error('fault-server: DYNAMODB_ENDPOINT and TABLE_NAME are required');

await createSeededTable(endpoint, table);
// A campaign of the tests' own (R-ROUND-2: Plan 1109 has its 2025 annual round already), kept if present.
const { practiceCampaign } = await import('../support/stored.ts');
await practiceCampaign({ campaignId: 'faults-practice' }).catch((error: Error) => {
  if (error.name !== 'TransactionCanceledException') throw error;
});
const { startLocalServer } = await import('../../local/server.ts');
const server = await startLocalServer({ port: 0 });
console.log(`FAULT_SERVER_READY ${server.port}`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The parent's IPC channel closes when it dies: do not outlive it.
process.on('disconnect', () => void stop());
