import { readFile } from 'node:fs/promises';
import { createTestDatabase } from './database/index.js';

/** What the OpenAPI helpers need of a built service app (a kit `ServiceApp`). */
export interface OpenApiApp {
  ready(): PromiseLike<unknown>;
  swagger(): unknown;
  close(): PromiseLike<unknown>;
}

/** Builds a service's app on an empty database at `databaseUrl` (migrating it first), without listening. */
export type OpenApiAppBuilder = (databaseUrl: string) => Promise<OpenApiApp>;

/** The command that rewrites every committed `services/<name>/openapi.json`. */
export const OPENAPI_REGENERATE_COMMAND = 'npm run openapi';

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) sorted[key] = sortKeysDeep(child);
  }
  return sorted;
}

/**
 * The committed form of an OpenAPI document: `servers` dropped (they name whatever host and port served it), keys
 * sorted at every level, two-space JSON with a trailing newline, so the same routes always give the same bytes.
 */
export function serializeOpenApi(document: unknown): string {
  const { servers: _servers, ...rest } = document as Record<string, unknown>;
  return `${JSON.stringify(sortKeysDeep(rest), null, 2)}\n`;
}

/** The app's OpenAPI document (what it serves at /docs/openapi.json), in its committed form. */
export async function openApiDocumentOf(app: OpenApiApp): Promise<string> {
  await app.ready();
  return serializeOpenApi(app.swagger());
}

/**
 * Builds a service's app on a fresh database (createTestDatabase: the test server, or DATABASE_URL outside
 * vitest), reads its OpenAPI document, then closes the app and drops the database.
 */
export async function buildOpenApiDocument(
  build: OpenApiAppBuilder,
  options: { prefix?: string } = {},
): Promise<string> {
  const database = await createTestDatabase({ prefix: options.prefix ?? 'openapi' });
  try {
    const app = await build(database.url);
    try {
      return await openApiDocumentOf(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.drop();
  }
}

type Operations = Map<string, string>;

function operationsOf(document: unknown): Operations {
  const operations: Operations = new Map();
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item))
      operations.set(`${method.toUpperCase()} ${path}`, JSON.stringify(operation));
  }
  return operations;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

/**
 * Why a committed document is not what the routes produce now, in a few lines (which operations were added,
 * removed or changed, the first differing line, and the command that regenerates it); undefined when they match.
 */
export function describeOpenApiDrift(committed: string | undefined, current: string, file: string): string | undefined {
  if (committed === current) return undefined;
  const hint = `Regenerate with \`${OPENAPI_REGENERATE_COMMAND}\` and commit ${file}.`;
  if (committed === undefined) return `${file} is missing. ${hint}`;
  const before = parse(committed);
  const after = parse(current);
  const was = operationsOf(before);
  const now = operationsOf(after);
  const lines: string[] = [];
  const added = [...now.keys()].filter((k) => !was.has(k));
  const removed = [...was.keys()].filter((k) => !now.has(k));
  const changed = [...now.keys()].filter((k) => was.has(k) && was.get(k) !== now.get(k));
  const list = (keys: string[]) =>
    keys.slice(0, 10).join(', ') + (keys.length > 10 ? `, and ${keys.length - 10} more` : '');
  if (added.length > 0) lines.push(`routes not in the committed document: ${list(added)}`);
  if (removed.length > 0) lines.push(`committed routes that no longer exist: ${list(removed)}`);
  if (changed.length > 0) lines.push(`routes whose schema changed: ${list(changed)}`);
  const { paths: _a, ...beforeRest } = before as Record<string, unknown>;
  const { paths: _b, ...afterRest } = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(beforeRest), ...Object.keys(afterRest)])) {
    if (JSON.stringify(beforeRest[key]) !== JSON.stringify(afterRest[key])) lines.push(`top-level "${key}" changed`);
  }
  const committedLines = committed.split('\n');
  const currentLines = current.split('\n');
  const at = committedLines.findIndex((line, i) => line !== currentLines[i]);
  if (at >= 0)
    lines.push(
      `first difference at line ${at + 1}: committed ${JSON.stringify(committedLines[at]?.trim())}, routes give ${JSON.stringify(currentLines[at]?.trim())}`,
    );
  return `${file} differs from the routes:\n  ${lines.join('\n  ')}\n${hint}`;
}

/** The committed document at `file`, or undefined when there is none. */
export async function readCommittedOpenApi(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
