/** The website server's `GET /site/status` (src/server/platform-status.ts), as the page reads it. */
export type ServiceState = 'online' | 'degraded' | 'offline';

export interface ServiceHealth {
  readonly name: string;
  readonly port: number;
  readonly state: ServiceState;
  readonly latencyMs?: number;
  readonly detail?: string;
}

export interface PlatformStats {
  readonly totalAssistants: number;
  readonly totalIntegrations: number;
  readonly totalResources: number;
}

export interface PlatformStatusView {
  /** false until the first answer (or failure) arrives. */
  readonly loaded: boolean;
  /** At least one service is online. */
  readonly connected: boolean;
  readonly services: readonly ServiceHealth[];
  readonly stats?: PlatformStats;
  /** Set when the status endpoint itself could not be read. */
  readonly error?: string;
}

export const SERVICE_COLORS: Record<string, string> = {
  identity: '#3b82f6',
  logging: '#8b5cf6',
  catalog: '#06b6d4',
  assistants: '#22c55e',
  messaging: '#f59e0b',
  runtime: '#ef4444',
  integrations: '#ec4899',
  models: '#eab308',
  network: '#10b981',
};

export const capitalise = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
