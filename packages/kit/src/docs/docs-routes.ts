import type { FastifyInstance } from 'fastify';
import { renderDocsHtml } from './docs-html.js';
import { renderLlmsFullTxt, renderLlmsTxt } from './llms-txt.js';
import type { OpenApiDocument } from './openapi-types.js';

/** Paths that are CORS-public (libraries.md §1.1). */
export const publicDocsPrefixes = [
  '/docs',
  '/openapi.json',
  '/api/docs',
  '/llms.txt',
  '/llm.txt',
  '/llms-full.txt',
  '/.well-known/openapi.json',
];

const aliases: Record<string, string> = {
  '/openapi.json': '/docs/openapi.json',
  '/.well-known/openapi.json': '/docs/openapi.json',
  '/api/docs/openapi.json': '/docs/openapi.json',
  '/api/docs': '/docs',
  '/llms.txt': '/docs/llms.txt',
  '/llm.txt': '/docs/llms.txt',
  '/llms-full.txt': '/docs/llms-full.txt',
};

/** The documents are rendered once, on first request after the app is ready: routes don't change after that. */
export function registerDocsRoutes(app: FastifyInstance, getDocument: () => OpenApiDocument): void {
  let cache: { json: string; html: string; llms: string; llmsFull: string } | undefined;
  const documents = () => {
    if (!cache) {
      const document = getDocument();
      cache = {
        json: JSON.stringify(document),
        html: renderDocsHtml(document),
        llms: renderLlmsTxt(document),
        llmsFull: renderLlmsFullTxt(document),
      };
    }
    return cache;
  };
  const hidden = { schema: { hide: true } };

  app.get('/docs/openapi.json', hidden, async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(documents().json),
  );
  app.get('/docs', hidden, async (_req, reply) =>
    reply
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .type('text/html; charset=utf-8')
      .send(documents().html),
  );
  app.get('/docs/llms.txt', hidden, async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').send(documents().llms),
  );
  app.get('/docs/llms-full.txt', hidden, async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').send(documents().llmsFull),
  );
  for (const [from, to] of Object.entries(aliases)) {
    app.get(from, hidden, async (_req, reply) => reply.redirect(to, 302));
  }
}
