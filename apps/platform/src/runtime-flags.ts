import type { ServiceId } from '@symbia/kit';

/**
 * V8 settings a service runs with. The LLM gateway relays every token of up to hundreds of concurrent streams,
 * and each token allocates a little (upstream chunk, parsed event, frame); with V8's default young generation
 * that is several scavenges a second and objects of in-flight streams promoted into full collections whose pauses
 * land on every open stream. A 64 MiB semi-space (V8 commits it only as it fills) cut the gateway's collections
 * from ~100 scavenges + 7 full GCs to ~24 + 1 over the same benchmark run (bench/RESULTS.md, integrations).
 * A service's own `npm start` script carries the same flags (a test keeps the two in step).
 */
export const runtimeFlags: Partial<Record<ServiceId, readonly string[]>> = {
  integrations: ['--max-semi-space-size=64'],
};

/** NODE_OPTIONS for `service`: the operator's own options, plus each service flag the operator has not set. */
export function nodeOptionsFor(service: ServiceId, operatorOptions: string | undefined): string | undefined {
  const own = operatorOptions?.trim() ?? '';
  const missing = (runtimeFlags[service] ?? []).filter((flag) => !own.includes(flag.split('=')[0]!));
  if (missing.length === 0) return operatorOptions;
  return [own, ...missing].filter(Boolean).join(' ');
}
