/** The slice of an OpenAPI 3 document the docs generators read. */
export interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: unknown;
}

export const httpMethods = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

export interface OperationEntry {
  method: string;
  path: string;
  operation: OpenApiOperation;
}

export function listOperations(document: OpenApiDocument): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (operation) entries.push({ method: method.toUpperCase(), path, operation });
    }
  }
  return entries;
}
