/** Where the page reads the aggregated health of every service (one call, bounded by the per-check timeout). */
export const STATUS_PATH = '/site/status';
