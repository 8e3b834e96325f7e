import type { EnvelopeSigner, EventTrace, SandboxEvent } from '@symbia/relay';
import { randomUUID } from 'node:crypto';
import { createBridges } from './bridges.js';
import type { FabricChange, FabricSnapshot } from './changes.js';
import { isoAt, type FabricContext } from './context.js';
import { createContracts } from './contracts.js';
import { EventHistory } from './event-history.js';
import { FabricState } from './fabric-state.js';
import { createPolicies, defaultPolicies } from './policies.js';
import { createRegistry } from './registry.js';
import { createRouter } from './router.js';
import { sweep } from './sweep.js';
import { TraceStore } from './trace-store.js';
import { systemClock, type Clock, type EventDeliverer, type FabricLimits, type FabricLogger } from './types.js';
import { createViews } from './views.js';

export interface NetworkFabricDeps {
  signer: EnvelopeSigner;
  deliverer: EventDeliverer;
  limits: FabricLimits;
  clock?: Clock;
  /** The `log` policy action and delivery warnings; receives no payload data (network W22). */
  onLog?: FabricLogger;
  /** Once per finished trace: the shell pushes `sdn:event` to matching watchers (§10.2, network W13). */
  onTraceFinished?: (event: SandboxEvent, trace: EventTrace) => void;
  /** This replica's id (cluster); defaults to a random one. */
  replicaId?: string;
}

export type FabricChangeListener = (change: FabricChange) => void;

/**
 * The network service's domain in one object (docs/spec/network.md §3–§10): registry, contracts, bridges,
 * policies, routing, history, traces and views over one in-memory state. Every mutation is a `FabricChange`
 * applied by `apply`; local ones are also passed to `onChange` listeners (the cluster publishes them), while
 * `apply` called from outside (remote changes) does not re-emit. The default policies are installed at creation
 * with fixed ids; `loadSnapshot` replaces the whole state (a replica joining a cluster).
 */
export function createNetworkFabric(deps: NetworkFabricDeps) {
  const clock = deps.clock ?? systemClock;
  const state = new FabricState();
  const listeners = new Set<FabricChangeListener>();
  const ctx: FabricContext = {
    state,
    clock,
    replicaId: deps.replicaId ?? randomUUID(),
    commit(change) {
      state.apply(change);
      for (const listener of listeners) {
        try {
          listener(change);
        } catch (error) {
          // The change is applied; a failing listener (the cluster publisher) must not turn it into an error.
          deps.onLog?.('error', 'network.fabric.change_listener_failed', { kind: change.kind, error: String(error) });
        }
      }
    },
  };
  for (const policy of defaultPolicies(isoAt(clock.now()))) state.apply({ kind: 'policy.put', policy });

  const history = new EventHistory(deps.limits.maxEventHistory);
  const traces = new TraceStore(deps.limits.maxTraceHistory);
  const router = createRouter({
    ctx,
    signer: deps.signer,
    deliverer: deps.deliverer,
    history,
    traces,
    log: deps.onLog,
    onTraceFinished: deps.onTraceFinished,
  });

  return {
    replicaId: ctx.replicaId,
    registry: createRegistry(ctx),
    contracts: createContracts(ctx),
    bridges: createBridges(ctx),
    policies: createPolicies(ctx),
    router,
    route: router.route,
    simulate: router.simulate,
    history: {
      size: () => history.size,
      get: (eventId: string) => history.get(eventId),
      recent: (limit: number, runId?: string) => history.recent(limit, runId),
    },
    traces: {
      get: (eventId: string) => traces.get(eventId),
      byRun: (runId: string) => traces.byRun(runId),
    },
    stats: () => traces.stats(history.size),
    views: createViews(state, history, traces, () => clock.now()),
    /** §5.1 sweep; `now` defaults to the clock. */
    sweep: (now: number = clock.now()) => sweep(ctx, deps.limits.nodeTimeoutMs, now),
    /** Applies a change that came from elsewhere (another replica): not passed to `onChange` listeners. */
    apply: (change: FabricChange) => state.apply(change),
    onChange(listener: FabricChangeListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: (): FabricSnapshot => state.snapshot(),
    loadSnapshot: (snapshot: FabricSnapshot) => state.load(snapshot),
  };
}

export type NetworkFabric = ReturnType<typeof createNetworkFabric>;
