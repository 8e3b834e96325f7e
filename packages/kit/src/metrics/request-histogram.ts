/**
 * A latency histogram specialised for the per-request hot path. prom-client's Histogram hashes the label object
 * on every observe; here one string key finds a series and a short loop finds the bucket, and the Prometheus
 * text is produced only when /metrics is scraped. It plugs into a prom-client Registry like any metric.
 */
interface Series {
  labels: Record<string, string>;
  buckets: Float64Array;
  sum: number;
  count: number;
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

export interface ScrapeableMetric {
  name: string;
  help: string;
  type: 'histogram' | 'counter';
  aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: 'sum' }>;
  reset(): void;
}

export interface RequestHistogram {
  observe(method: string, route: string, statusCode: number, seconds: number): void;
  /** The histogram itself, and a counter of the same series (the `_count`, under the conventional name). */
  metrics: [ScrapeableMetric, ScrapeableMetric];
}

export function createRequestHistogram(options: {
  name: string;
  help: string;
  counterName: string;
  counterHelp: string;
  buckets: readonly number[];
}): RequestHistogram {
  const bounds = [...options.buckets].sort((a, b) => a - b);
  // route → status → method: three lookups on strings and numbers the request already holds, no key to build.
  const byRoute = new Map<string, Map<number, Map<string, Series>>>();
  const series: Series[] = [];

  const seriesFor = (method: string, route: string, statusCode: number): Series => {
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map()));
    let byMethod = byStatus.get(statusCode);
    if (!byMethod) byStatus.set(statusCode, (byMethod = new Map()));
    let entry = byMethod.get(method);
    if (!entry) {
      entry = {
        labels: { method, route, status_code: String(statusCode) },
        buckets: new Float64Array(bounds.length),
        sum: 0,
        count: 0,
      };
      byMethod.set(method, entry);
      series.push(entry);
    }
    return entry;
  };

  const observe = (method: string, route: string, statusCode: number, seconds: number) => {
    const entry = seriesFor(method, route, statusCode);
    entry.count += 1;
    entry.sum += seconds;
    for (let i = 0; i < bounds.length; i += 1) {
      if (seconds <= bounds[i]!) {
        entry.buckets[i]! += 1;
        break;
      }
    }
  };

  const histogramValues = (): MetricValue[] => {
    const values: MetricValue[] = [];
    for (const entry of series) {
      let cumulative = 0;
      bounds.forEach((bound, i) => {
        cumulative += entry.buckets[i]!;
        values.push({
          labels: { ...entry.labels, le: bound },
          value: cumulative,
          metricName: `${options.name}_bucket`,
        });
      });
      values.push({
        labels: { ...entry.labels, le: '+Inf' },
        value: entry.count,
        metricName: `${options.name}_bucket`,
      });
      values.push({ labels: entry.labels, value: entry.sum, metricName: `${options.name}_sum` });
      values.push({ labels: entry.labels, value: entry.count, metricName: `${options.name}_count` });
    }
    return values;
  };

  const reset = () => {
    byRoute.clear();
    series.length = 0;
  };
  const histogram: ScrapeableMetric = {
    name: options.name,
    help: options.help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({
      name: options.name,
      help: options.help,
      type: 'histogram',
      values: histogramValues(),
      aggregator: 'sum',
    }),
    reset,
  };
  const counter: ScrapeableMetric = {
    name: options.counterName,
    help: options.counterHelp,
    type: 'counter',
    aggregator: 'sum',
    get: async () => ({
      name: options.counterName,
      help: options.counterHelp,
      type: 'counter',
      values: [...series.values()].map((entry) => ({ labels: entry.labels, value: entry.count })),
      aggregator: 'sum',
    }),
    reset,
  };
  return { observe, metrics: [histogram, counter] };
}
