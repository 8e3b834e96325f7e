export interface CatalogAssistant {
  key: string;
  name: string;
  description: string | null;
  alias: string | null;
  /** The catalog's `metadata.llmConfig`: null marks a rule-based assistant (no model of its own). */
  llmConfig: unknown;
}

export interface CatalogAssistantsCache {
  /** The catalog's assistants, or null when the catalog could not answer in time (W1: bounded). */
  list(signal: AbortSignal): Promise<CatalogAssistant[] | null>;
}

export interface CatalogAssistantsCacheOptions {
  catalogUrl: string;
  timeoutMs: number;
  /** How long a good answer is reused; bootstrap assistants change only with a catalog deploy. */
  ttlMs?: number;
  /** How long a failure is remembered, so a down catalog does not add its timeout to every chat. */
  failureTtlMs?: number;
  fetch?: typeof fetch;
  clock?: () => number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function toAssistants(body: unknown): CatalogAssistant[] | null {
  if (!Array.isArray(body)) return null;
  return body
    .filter((r): r is Record<string, unknown> => isRecord(r) && r.type === 'assistant' && typeof r.key === 'string')
    .map((r) => {
      const metadata = isRecord(r.metadata) ? r.metadata : {};
      return {
        key: r.key as string,
        name: typeof r.name === 'string' ? r.name : (r.key as string),
        description: typeof r.description === 'string' && r.description.trim() !== '' ? r.description : null,
        alias: typeof metadata.alias === 'string' ? metadata.alias : null,
        llmConfig: metadata.llmConfig,
      };
    });
}

/**
 * `GET <catalog>/api/bootstrap` (public) with a hard timeout, cached with a TTL. Each replica keeps its own
 * copy; the catalog data is public and a stale copy only means an older prompt for a minute (STYLE 15).
 */
export function createCatalogAssistantsCache(options: CatalogAssistantsCacheOptions): CatalogAssistantsCache {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const clock = options.clock ?? Date.now;
  const ttlMs = options.ttlMs ?? 30_000;
  const failureTtlMs = options.failureTtlMs ?? 5_000;
  let cached: { value: CatalogAssistant[] | null; until: number } | null = null;
  let inFlight: Promise<CatalogAssistant[] | null> | null = null;

  const load = async (): Promise<CatalogAssistant[] | null> => {
    try {
      const res = await fetchImpl(`${options.catalogUrl}/api/bootstrap`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!res.ok) {
        await res.body?.cancel();
        return null;
      }
      return toAssistants(await res.json());
    } catch {
      return null;
    }
  };

  return {
    async list(signal) {
      if (cached && clock() < cached.until) return cached.value;
      inFlight ??= load().then((value) => {
        cached = { value, until: clock() + (value === null ? failureTtlMs : ttlMs) };
        inFlight = null;
        return value;
      });
      // The shared lookup keeps going for other callers; this caller stops waiting once its client left.
      return Promise.race([
        inFlight,
        new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true })),
      ]);
    },
  };
}
