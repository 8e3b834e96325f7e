type Env = Readonly<Record<string, string | undefined>>;

/** How a platform service joins the network (network.md §15, libraries.md §5.2), parsed once by its config.ts. */
export interface RelayServiceSettings {
  /** The network's base URL; null when the relay is off (NETWORK_RELAY_ENABLED=false, or the URL is `none`/`disabled`). */
  networkUrl: string | null;
  /** Where the network POSTs events while this service has no socket: `<own URL>/api/network/receive`. */
  endpoint: string;
  /** NETWORK_RELAY_OUTBOX_LIMIT: events kept while network is away (default 1000). */
  outboxLimit: number;
  /** NETWORK_RELAY_HEARTBEAT_MS: heartbeat period (default 30 s, network.md §15). */
  heartbeatIntervalMs: number;
}

export const NETWORK_RECEIVE_PATH = '/api/network/receive';

const OFF = new Set(['none', 'disabled', 'off', 'false']);
const envPrefix = (serviceId: string) => serviceId.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/**
 * Reads the relay variables of `serviceId` (the service's config.ts passes its env: STYLE 10):
 * NETWORK_RELAY_ENABLED, NETWORK_ENDPOINT, then NETWORK_SERVICE_URL (`none`/`disabled` turn the relay off),
 * NETWORK_RELAY_ENDPOINT (else `<ID>_SERVICE_URL`, else `http://<HOST|localhost>:<port>`, plus the receive path),
 * NETWORK_RELAY_OUTBOX_LIMIT and NETWORK_RELAY_HEARTBEAT_MS. Returns the problems instead of throwing, so the
 * service reports them with its other configuration errors.
 */
export function relayServiceSettingsFrom(
  env: Env,
  service: { serviceId: string; host: string; port: number },
): { settings: RelayServiceSettings; problems: string[] } {
  const problems: string[] = [];
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const whole = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };

  const enabledRaw = text('NETWORK_RELAY_ENABLED') ?? 'true';
  if (enabledRaw !== 'true' && enabledRaw !== 'false') problems.push('NETWORK_RELAY_ENABLED must be true or false');
  const urlRaw = text('NETWORK_ENDPOINT') ?? text('NETWORK_SERVICE_URL') ?? 'http://localhost:5054';
  let networkUrl: string | null = null;
  if (enabledRaw !== 'false' && !OFF.has(urlRaw.toLowerCase())) {
    if (/^https?:\/\/[^\s/]+/i.test(urlRaw)) networkUrl = urlRaw.replace(/\/+$/, '');
    else problems.push('NETWORK_ENDPOINT / NETWORK_SERVICE_URL must be an http(s) URL, `none` or `disabled`');
  }

  const ownUrl = text(`${envPrefix(service.serviceId)}_SERVICE_URL`);
  const host = service.host === '0.0.0.0' || service.host === '::' ? 'localhost' : service.host;
  const endpoint =
    text('NETWORK_RELAY_ENDPOINT') ??
    `${(ownUrl ?? `http://${host}:${service.port}`).replace(/\/+$/, '')}${NETWORK_RECEIVE_PATH}`;
  if (!/^https?:\/\//i.test(endpoint)) problems.push('NETWORK_RELAY_ENDPOINT must be an http(s) URL');

  return {
    settings: Object.freeze({
      networkUrl,
      endpoint,
      outboxLimit: whole('NETWORK_RELAY_OUTBOX_LIMIT', 1_000, 0, 1_000_000),
      heartbeatIntervalMs: whole('NETWORK_RELAY_HEARTBEAT_MS', 30_000, 100, 3_600_000),
    }),
    problems,
  };
}
