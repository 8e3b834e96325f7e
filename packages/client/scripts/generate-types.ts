/**
 * Writes src/generated/<service>.ts, the types of each service's committed OpenAPI document
 * (services/<service>/openapi.json, written by `npm run openapi`), with openapi-typescript.
 * test/generated-types.test.ts fails when a committed file differs from what this writes.
 *
 *   npm run generate -w @symbia/client
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

const clientRoot = fileURLToPath(new URL('../', import.meta.url));
const repoRoot = path.join(clientRoot, '../../');

/** The services whose documents the SDK's types come from. */
export const generatedServices = ['identity', 'catalog', 'messaging', 'integrations', 'network'] as const;
export type GeneratedService = (typeof generatedServices)[number];

export const documentPathOf = (service: GeneratedService) => path.join(repoRoot, 'services', service, 'openapi.json');
export const generatedPathOf = (service: GeneratedService) =>
  path.join(clientRoot, 'src', 'generated', `${service}.ts`);

const header = (service: GeneratedService) =>
  [
    `// Generated from services/${service}/openapi.json by \`npm run generate -w @symbia/client\` (openapi-typescript).`,
    '// Do not edit: change the routes, run `npm run openapi`, then regenerate.',
    '',
  ].join('\n');

/** The generated module's text for one service's document (its openapi.json, or the given text of one). */
export async function generateTypesOf(service: GeneratedService, documentText?: string): Promise<string> {
  const document = JSON.parse(documentText ?? (await readFile(documentPathOf(service), 'utf8'))) as OpenAPI3;
  const ast = await openapiTS(document);
  return `${header(service)}\n${astToString(ast)}`;
}

async function main() {
  for (const service of generatedServices) {
    const file = generatedPathOf(service);
    await writeFile(file, await generateTypesOf(service));
    process.stdout.write(`wrote ${path.relative(repoRoot, file)}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
