/** Non-2xx answer of a Symbia service, carrying its `{ error, code, details }` body. */
export class SymbiaApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SymbiaApiError';
  }
}

export type FetchLike = typeof fetch;

export async function readJson<T>(res: Response): Promise<T> {
  const text = await res.text();
  const body = text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (body ?? {}) as { error?: string; code?: string; details?: unknown };
    throw new SymbiaApiError(res.status, err.code ?? 'http_error', err.error ?? `HTTP ${res.status}`, err.details);
  }
  return body as T;
}
