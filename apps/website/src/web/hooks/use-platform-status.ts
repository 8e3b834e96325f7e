import { useEffect, useState } from 'react';
import type { PlatformStatusView, ServiceHealth, PlatformStats } from '../lib/platform-status';

const STATUS_URL = '/site/status';
// The server bounds each check at 1.5 s; this only covers a website server that is itself gone.
const REQUEST_TIMEOUT_MS = 5000;

/** website-and-cli.md A5, through the website server's aggregated endpoint: one call per poll, never a hang. */
export function usePlatformStatus(pollIntervalMs = 10_000): PlatformStatusView {
  const [view, setView] = useState<PlatformStatusView>({ loaded: false, connected: false, services: [] });

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const next = await readStatus();
      if (!active) return;
      setView(next);
      timer = setTimeout(() => void poll(), pollIntervalMs);
    };
    void poll();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [pollIntervalMs]);

  return view;
}

async function readStatus(): Promise<PlatformStatusView> {
  try {
    const res = await fetch(STATUS_URL, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), cache: 'no-store' });
    if (!res.ok) return failed(`the status endpoint answered HTTP ${res.status}`);
    const body = (await res.json()) as { services?: ServiceHealth[]; stats?: PlatformStats };
    const services = Array.isArray(body.services) ? body.services : [];
    return {
      loaded: true,
      connected: services.some((service) => service.state === 'online'),
      services,
      ...(body.stats ? { stats: body.stats } : {}),
    };
  } catch (error) {
    return failed(
      error instanceof DOMException && error.name === 'TimeoutError'
        ? 'the status check timed out'
        : 'the website server is not reachable',
    );
  }
}

function failed(error: string): PlatformStatusView {
  return { loaded: true, connected: false, services: [], error };
}
