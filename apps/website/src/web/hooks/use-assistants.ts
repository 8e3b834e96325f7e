import { useEffect, useState } from 'react';
import { toAssistantCard, type AssistantCardModel, type CatalogResource } from '../lib/assistant-card';

export interface AssistantsView {
  readonly assistants: readonly AssistantCardModel[];
  readonly loading: boolean;
  readonly error?: string;
}

/** What the status panel last said about the catalog; `unknown` until its first answer. */
export type CatalogAvailability = 'unknown' | 'online' | 'offline';

/**
 * website-and-cli.md A5 `useAssistants`: the catalog's public bootstrap set, assistants only. Fetched whenever the
 * catalog becomes available, so a first load during an outage does not leave the grid empty; not requested while
 * the status says the catalog is down (W-2: no failed requests, so no console errors, with backends down).
 */
export function useAssistants(catalog: CatalogAvailability): AssistantsView {
  const [view, setView] = useState<AssistantsView>({ assistants: [], loading: true });

  useEffect(() => {
    if (catalog !== 'online') {
      setView({ assistants: [], loading: catalog === 'unknown' });
      return;
    }
    const controller = new AbortController();
    setView((previous) => ({ ...previous, loading: true }));
    void (async () => {
      try {
        const res = await fetch('/svc/catalog/api/bootstrap', {
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(5000)]),
        });
        if (!res.ok) throw new Error(`Catalog API error: ${res.status}`);
        const body = (await res.json()) as unknown;
        const resources = Array.isArray(body) ? (body as CatalogResource[]) : [];
        setView({
          assistants: resources.filter((r) => r.type === 'assistant' && typeof r.key === 'string').map(toAssistantCard),
          loading: false,
        });
      } catch (error) {
        if (controller.signal.aborted) return;
        setView({
          assistants: [],
          loading: false,
          error: error instanceof Error ? error.message : 'Catalog unavailable',
        });
      }
    })();
    return () => controller.abort();
  }, [catalog]);

  return view;
}
