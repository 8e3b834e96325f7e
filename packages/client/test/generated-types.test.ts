import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generatedPathOf, generatedServices, generateTypesOf } from '../scripts/generate-types.js';

// The SDK's types are generated from the committed OpenAPI documents (services/<name>/openapi.json). A route change
// updates the document (`npm run openapi`, checked by each service's contract test); this fails until the SDK's
// generated types follow it (`npm run generate -w @symbia/client`), and `npm run typecheck` then checks the SDK's
// hand-written layer against them.
describe('generated SDK types', () => {
  it.each(generatedServices)('src/generated/%s.ts is what the committed openapi.json generates', async (service) => {
    const committed = await readFile(generatedPathOf(service), 'utf8').catch(() => '');
    const expected = await generateTypesOf(service);
    expect(committed === expected, `packages/client/src/generated/${service}.ts is stale: run \`npm run generate -w @symbia/client\``).toBe(true);
  });
});
