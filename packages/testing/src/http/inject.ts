import type { ServiceApp } from '@symbia/kit';

type InjectResponse = Awaited<ReturnType<ServiceApp['inject']>>;
export type InjectMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD';

/** The fields a 400 names, from the platform error envelope's `details` (e.g. `body.key`). */
export function fieldsOf(res: { json(): unknown }): string[] {
  const body = res.json() as { details?: { field: string }[] };
  return (body.details ?? []).map((d) => d.field);
}

/**
 * A refusal as `{ status, code }`, so a test asserts both in one line:
 * `expect(refusalOf(res)).toEqual({ status: 403, code: 'forbidden' })`.
 */
export function refusalOf(res: { statusCode: number; json(): unknown }): { status: number; code: string | undefined } {
  let code: string | undefined;
  try {
    code = (res.json() as { code?: string } | null)?.code;
  } catch {
    code = undefined; // not JSON: the assertion on `code` then fails and shows it
  }
  return { status: res.statusCode, code };
}

/** refusalOf for a fetch `Response` (real HTTP): reads the code from a clone, so the body stays readable. */
export async function refusalOfResponse(res: Response): Promise<{ status: number; code: string | undefined }> {
  let code: string | undefined;
  try {
    code = ((await res.clone().json()) as { code?: string } | null)?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code };
}

/**
 * `req(method, url, who?, payload?, headers?)` against an app in-process (Fastify's inject, no socket): `who` is any
 * session with `headers` (its bearer), `payload` is sent as JSON when given. `app` may be a getter, for harnesses
 * started in beforeAll.
 */
export function injector(app: ServiceApp | (() => ServiceApp)) {
  const resolve = typeof app === 'function' ? app : () => app;
  return (
    method: InjectMethod,
    url: string,
    who?: { headers: Record<string, string> },
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<InjectResponse> =>
    resolve().inject({
      method,
      url,
      headers: { ...(who?.headers ?? {}), ...headers },
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
}
