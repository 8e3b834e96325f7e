export interface ProxiedResponse {
  status: number;
  body: unknown;
  setCookies: string[];
}

export interface IdentityProxy {
  /** Forwards a login/logout to identity and hands back its answer; 502 when identity is unreachable. */
  forward(
    path: '/api/auth/login' | '/api/auth/logout',
    body: unknown,
    cookie: string | undefined,
    propagation: Record<string, string>,
  ): Promise<ProxiedResponse>;
}

/**
 * messaging.md §6.2 `/api/auth/login|logout`: convenience for clients that only know this service. Nothing
 * is interpreted or stored here; identity stays the only party that sees the password.
 */
export function createIdentityProxy(deps: {
  identityUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): IdentityProxy {
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  return {
    async forward(path, body, cookie, propagation) {
      let res: Response;
      try {
        res = await fetchImpl(`${deps.identityUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...propagation, ...(cookie && { cookie }) },
          body: JSON.stringify(body ?? {}),
          signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
        });
      } catch {
        return { status: 502, body: { error: 'Identity service unavailable', code: 'bad_gateway' }, setCookies: [] };
      }
      const text = await res.text();
      let parsed: unknown = text.length > 0 ? undefined : { ok: res.ok };
      try {
        if (text.length > 0) parsed = JSON.parse(text);
      } catch {
        parsed = { error: 'Identity service answered something other than JSON', code: 'bad_gateway' };
        return { status: 502, body: parsed, setCookies: [] };
      }
      return { status: res.status, body: parsed, setCookies: res.headers.getSetCookie() };
    },
  };
}
