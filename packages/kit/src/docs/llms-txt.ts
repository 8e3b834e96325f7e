import { listOperations, type OpenApiDocument, type OperationEntry } from './openapi-types.js';

/** llms.txt (https://llmstxt.org): a title, a summary, then one line per endpoint, all from the OpenAPI. */
export function renderLlmsTxt(document: OpenApiDocument): string {
  const lines = [`# ${document.info.title}`, '', `> ${document.info.description ?? 'Symbia service'}`, ''];
  lines.push(
    '## Docs',
    '',
    '- [OpenAPI](/docs/openapi.json): the full machine-readable contract',
    '- [Full reference](/docs/llms-full.txt): every endpoint with its parameters and schemas',
    '',
  );
  lines.push('## Endpoints', '');
  for (const { method, path, operation } of listOperations(document)) {
    lines.push(`- ${method} ${path}${operation.summary ? `: ${operation.summary}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function compactSchema(schema: unknown): string {
  return JSON.stringify(schema ?? {}, null, 2);
}

function renderOperation({ method, path, operation }: OperationEntry): string[] {
  const lines = [`### ${method} ${path}`, ''];
  if (operation.summary) lines.push(operation.summary, '');
  if (operation.description) lines.push(operation.description, '');
  const parameters = operation.parameters ?? [];
  if (parameters.length > 0) {
    lines.push('Parameters:');
    for (const p of parameters)
      lines.push(
        `- \`${p.name}\` (${p.in}${p.required ? ', required' : ''})${p.description ? `: ${p.description}` : ''}`,
      );
    lines.push('');
  }
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body) lines.push('Request body (JSON):', '```json', compactSchema(body), '```', '');
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const schema = response.content?.['application/json']?.schema;
    lines.push(`Response ${status}${response.description ? `: ${response.description}` : ''}`);
    if (schema) lines.push('```json', compactSchema(schema), '```');
    lines.push('');
  }
  return lines;
}

export function renderLlmsFullTxt(document: OpenApiDocument): string {
  const lines = [
    `# ${document.info.title} — full reference`,
    '',
    `> ${document.info.description ?? 'Symbia service'}`,
    '',
    `Version ${document.info.version}.`,
    '',
  ];
  for (const entry of listOperations(document)) lines.push(...renderOperation(entry));
  // Named schemas (`$ref: #/components/schemas/<name>` above), so the reference stays complete on its own.
  const schemas = (document.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  if (Object.keys(schemas).length > 0) {
    lines.push('## Schemas', '');
    for (const [name, schema] of Object.entries(schemas))
      lines.push(`### ${name}`, '', '```json', compactSchema(schema), '```', '');
  }
  return `${lines.join('\n')}\n`;
}
