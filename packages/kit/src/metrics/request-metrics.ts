import { Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { createRequestHistogram } from './request-histogram.js';
import type { ResponseObserver } from '../http/request-lifecycle.js';

/**
 * One registry per app instance rather than prom-client's global one, so two services (or two test apps)
 * in one process never clash over metric names.
 */
export function createMetricsRegistry(serviceId: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceId });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Request count and latency by method, route template and status, registered on `registry`. */
export function createRequestMetricsObserver(registry: Registry): ResponseObserver {
  const requests = createRequestHistogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status',
    counterName: 'http_requests_total',
    counterHelp: 'HTTP requests by route, method and status',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  for (const metric of requests.metrics) registry.registerMetric(metric as unknown as Metric);
  // The route template, never the raw URL, keeps label cardinality bounded.
  return (request, reply, route, elapsedMs) =>
    requests.observe(request.method, route, reply.statusCode, elapsedMs / 1000);
}
