/** One series of a metric: its labels and current value. */
export interface MetricValue {
  labels: Record<string, string>;
  value: number;
}

/** The shape prom-client's Registry scrapes (the kit's request histogram plugs in the same way), so no prom-client here. */
export interface ScrapedMetric {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: 'sum' }>;
  reset(): void;
}

/** What a scraped metric needs of a registry: prom-client's `Registry` (the kit's `app.metricsRegistry`). */
export interface MetricsRegistryLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- prom-client's Metric class, matched structurally
  registerMetric(metric: any): void;
}

/**
 * A gauge or counter whose series are read from `read` each time the registry is scraped: nothing is kept or
 * updated on the hot path, and an empty array shows as no series at all.
 */
export function registerScrapedMetric(
  registry: MetricsRegistryLike,
  definition: { name: string; help: string; type: 'gauge' | 'counter'; read: () => MetricValue[] },
): void {
  const { name, help, type, read } = definition;
  const metric: ScrapedMetric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: read() }),
    reset: () => {},
  };
  registry.registerMetric(metric);
}
