import { listOperations, type OpenApiDocument } from './openapi-types.js';

const escapeHtml = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * A self-contained HTML rendering of the OpenAPI document: no CDN, no scripts, so it works offline and under
 * a strict CSP that allows inline styles only.
 */
export function renderDocsHtml(document: OpenApiDocument): string {
  const rows = listOperations(document)
    .map(({ method, path, operation }) => {
      const tags = (operation.tags ?? []).map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(' ');
      return `<tr><td class="m m-${method.toLowerCase()}">${method}</td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(operation.summary ?? '')} ${tags}</td></tr>`;
    })
    .join('\n');
  const title = escapeHtml(document.info.title);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #ddd;padding:.4rem .5rem;vertical-align:top}
.m{font-weight:700;font-family:monospace;width:5rem}.m-get{color:#0b6b2e}.m-post{color:#0a4fa3}.m-put,.m-patch{color:#8a5300}.m-delete{color:#a10f0f}
.tag{font-size:.75rem;background:#eef;border-radius:3px;padding:0 .3rem}
</style></head><body>
<h1>${title}</h1><p>${escapeHtml(document.info.description ?? '')}</p>
<p>Version ${escapeHtml(document.info.version)} · <a href="/docs/openapi.json">openapi.json</a> · <a href="/docs/llms.txt">llms.txt</a> · <a href="/docs/llms-full.txt">llms-full.txt</a></p>
<table><tbody>
${rows}
</tbody></table></body></html>
`;
}
