// `npm run openapi`: writes the OpenAPI document to docs/openapi.json, where frontend teams generate clients
// from it without running the server. test/http/openapi-contract.test.ts fails when the two differ.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { committedOpenApi } from '#functions/openapi.ts';

export const OPENAPI_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'openapi.json');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_FILE, committedOpenApi());
  console.info(`wrote ${OPENAPI_FILE}`);
}
