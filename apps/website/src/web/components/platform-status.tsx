import { capitalise, SERVICE_COLORS, type PlatformStatusView, type ServiceHealth } from '../lib/platform-status';

export function StatusPill({ status }: { status: PlatformStatusView }) {
  return (
    <span
      className="status-pill"
      role="status"
      aria-label={status.connected ? 'Platform live' : 'Platform in demo mode'}
    >
      <span className={`dot ${status.connected ? 'dot-live' : 'dot-muted'}`} aria-hidden="true" />
      {status.connected ? 'Live' : 'Demo'}
    </span>
  );
}

function stateLabel(service: ServiceHealth): string {
  if (service.state === 'online') return `${service.latencyMs ?? 0}ms`;
  if (service.state === 'degraded') return 'degraded';
  return 'offline';
}

function ServiceChip({ service }: { service: ServiceHealth }) {
  const title = service.detail
    ? `${capitalise(service.name)} (port ${service.port}): ${service.detail}`
    : `${capitalise(service.name)} (port ${service.port}): online`;
  return (
    <li
      className={`service-chip state-${service.state}`}
      data-service={service.name}
      data-state={service.state}
      title={title}
    >
      <span className="chip-name" style={{ color: SERVICE_COLORS[service.name] ?? '#6b7280' }}>
        {capitalise(service.name)}
      </span>
      <span className={`dot dot-small dot-${service.state}`} aria-hidden="true" />
      <span className="chip-state">
        {stateLabel(service)}
        {service.state !== 'online' && service.detail ? <span className="chip-detail"> · {service.detail}</span> : null}
      </span>
    </li>
  );
}

/** website-and-cli.md A4 PlatformStatus (expanded): banner, catalog stats, one chip per service. */
export function PlatformStatusPanel({ status }: { status: PlatformStatusView }) {
  const online = status.services.filter((service) => service.state === 'online').length;
  const total = status.services.length;
  const banner = !status.loaded
    ? 'Connecting...'
    : status.error !== undefined
      ? 'Status unavailable'
      : status.connected
        ? `${online}/${total} Services Online`
        : 'Platform offline';
  const stats = status.stats;
  return (
    <div className="status-panel">
      <div
        className={`status-banner ${status.connected && online === total ? 'banner-all' : 'banner-some'}`}
        role="status"
        aria-live="polite"
      >
        <span className={`dot ${status.connected ? 'dot-live pulse' : 'dot-muted'}`} aria-hidden="true" />
        <span>{banner}</span>
      </div>
      <div className="stat-tiles">
        <StatTile icon="🤖" value={stats?.totalAssistants} label="AI Assistants" color="#22c55e" />
        <StatTile icon="🔌" value={stats?.totalIntegrations} label="Integrations" color="#8b5cf6" />
        <StatTile icon="📦" value={stats?.totalResources} label="Resources" color="#3b82f6" />
      </div>
      {total > 0 ? (
        <ul className="service-chips" aria-label="Service health">
          {status.services.map((service) => (
            <ServiceChip key={service.name} service={service} />
          ))}
        </ul>
      ) : null}
      {status.error !== undefined ? <p className="hint">Could not read the platform status: {status.error}.</p> : null}
      {status.loaded && !status.connected ? (
        <p className="hint">
          No service is answering. Start the platform with <code>npm start</code> in the repository root.
        </p>
      ) : null}
    </div>
  );
}

function StatTile({
  icon,
  value,
  label,
  color,
}: {
  icon: string;
  value: number | undefined;
  label: string;
  color: string;
}) {
  return (
    <div className="stat-tile">
      <span className="stat-icon" aria-hidden="true">
        {icon}
      </span>
      <span className="stat-value" style={{ color }}>
        {value ?? 0}
      </span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
