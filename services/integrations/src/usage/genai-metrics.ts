import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BreakerState } from '../gateway/circuit-breaker.js';

/**
 * OpenTelemetry GenAI client metrics (semantic conventions `gen_ai.client.*`) in Prometheus form: dots become
 * underscores and the unit a suffix, as the OTel→Prometheus mapping does (`gen_ai.client.token.usage` →
 * `gen_ai_client_token_usage`, attribute `gen_ai.provider.name` → label `gen_ai_provider_name`).
 */
export interface GenAiMetrics {
  tokens(labels: CallLabels, input: number, output: number): void;
  duration(labels: CallLabels, seconds: number, errorType: string | null): void;
  timeToFirstChunk(labels: CallLabels, seconds: number): void;
  rateLimited(scopeKind: string): void;
  retry(provider: string): void;
  breakerChange(provider: string, from: BreakerState, to: BreakerState): void;
}

export interface CallLabels {
  operation: 'chat' | 'embeddings';
  provider: string;
  requestModel: string;
  responseModel: string;
}

// OTel's advised bucket boundaries for these instruments.
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TTFC_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const MAX_MODELS_PER_PROVIDER = 50;

export function createGenAiMetrics(registry: Registry): GenAiMetrics {
  const baseLabels = [
    'gen_ai_operation_name',
    'gen_ai_provider_name',
    'gen_ai_request_model',
    'gen_ai_response_model',
  ] as const;
  const tokenUsage = new Histogram({
    name: 'gen_ai_client_token_usage',
    help: 'Number of input and output tokens used ({token})',
    labelNames: [...baseLabels, 'gen_ai_token_type'],
    buckets: TOKEN_BUCKETS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gen_ai_client_operation_duration_seconds',
    help: 'GenAI operation duration',
    labelNames: [...baseLabels, 'error_type'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const ttfc = new Histogram({
    name: 'gen_ai_client_operation_time_to_first_chunk_seconds',
    help: 'Time from issuing a streaming request to its first chunk',
    labelNames: baseLabels,
    buckets: TTFC_BUCKETS,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'integrations_rate_limited_total',
    help: 'Execute calls refused by the per-org rate limit',
    labelNames: ['scope'],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'integrations_upstream_retries_total',
    help: 'Upstream attempts retried before the first byte',
    labelNames: ['gen_ai_provider_name'],
    registers: [registry],
  });
  const openCircuits = new Gauge({
    name: 'integrations_open_circuits',
    help: 'Circuits (provider and credential) currently open or half-open',
    labelNames: ['gen_ai_provider_name'],
    registers: [registry],
  });

  // Model names come from callers and upstreams: cap the distinct label values so a caller cannot grow the series.
  const seenModels = new Map<string, Set<string>>();
  const model = (provider: string, name: string) => {
    let seen = seenModels.get(provider);
    if (!seen) seenModels.set(provider, (seen = new Set()));
    if (seen.has(name)) return name;
    if (seen.size >= MAX_MODELS_PER_PROVIDER) return '_other';
    seen.add(name);
    return name;
  };
  const labelsOf = (l: CallLabels) => ({
    gen_ai_operation_name: l.operation,
    gen_ai_provider_name: l.provider,
    gen_ai_request_model: model(l.provider, l.requestModel),
    gen_ai_response_model: model(l.provider, l.responseModel),
  });

  return {
    tokens(l, input, output) {
      const labels = labelsOf(l);
      tokenUsage.observe({ ...labels, gen_ai_token_type: 'input' }, input);
      if (l.operation === 'chat') tokenUsage.observe({ ...labels, gen_ai_token_type: 'output' }, output);
    },
    duration: (l, seconds, errorType) => duration.observe({ ...labelsOf(l), error_type: errorType ?? '' }, seconds),
    timeToFirstChunk: (l, seconds) => ttfc.observe(labelsOf(l), seconds),
    rateLimited: (scope) => rateLimited.inc({ scope }),
    retry: (provider) => retries.inc({ gen_ai_provider_name: provider }),
    breakerChange(provider, from, to) {
      if (from === 'closed') openCircuits.inc({ gen_ai_provider_name: provider });
      else if (to === 'closed') openCircuits.dec({ gen_ai_provider_name: provider });
    },
  };
}
