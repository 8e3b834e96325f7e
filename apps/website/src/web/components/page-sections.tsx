import type { ReactNode } from 'react';
import { serviceCatalog, solutions } from '../data/platform-content';
import type { PlatformStatusView } from '../lib/platform-status';
import { PlatformStatusPanel, StatusPill } from './platform-status';

export function Logo() {
  return (
    <a href="/" className="logo" aria-label="Symbia home">
      <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
        <rect width="28" height="28" rx="8" fill="var(--primary)" />
        <path
          d="M9 18c0 1.7 2.2 3 5 3s5-1.3 5-3.2c0-4.3-10-2.3-10-6.6C9 9.3 11.2 7 14 7s5 1.3 5 3"
          stroke="#fff"
          strokeWidth="2.2"
          fill="none"
          strokeLinecap="round"
        />
      </svg>
      <span>Symbia</span>
    </a>
  );
}

export function Nav({ status }: { status: PlatformStatusView }) {
  return (
    <header className="nav">
      <nav className="container nav-inner" aria-label="Main">
        <Logo />
        <ul className="nav-links">
          <li>
            <a href="#platform">Platform</a>
          </li>
          <li>
            <a href="#architecture">Architecture</a>
          </li>
          <li>
            <a href="#assistants">Assistants</a>
          </li>
          <li>
            <a href="/docs">Docs</a>
          </li>
        </ul>
        <div className="nav-actions">
          <StatusPill status={status} />
          <a className="btn btn-primary" href="/docs/quickstart">
            Get Started
          </a>
        </div>
      </nav>
    </header>
  );
}

export function Hero({ status, assistantCount }: { status: PlatformStatusView; assistantCount: number | undefined }) {
  return (
    <section className="hero" aria-labelledby="hero-title">
      <div className="container hero-grid">
        <div className="hero-copy">
          <p className="eyebrow">AI-Native Infrastructure</p>
          <h1 id="hero-title">Build systems where AI is a first-class citizen</h1>
          <p className="subtitle">
            Assistants and agents are principals with identity, permissions, conversations and audit trails:
            authenticated, orchestrated and observable exactly like the people they work with.
          </p>
          <div className="hero-buttons">
            <a className="btn btn-primary btn-lg" href="/docs/quickstart">
              Start Building <span aria-hidden="true">→</span>
            </a>
            <a className="btn btn-secondary btn-lg" href="#assistants">
              Explore Assistants
            </a>
          </div>
          <dl className="hero-meta">
            <div>
              <dt>9 Services</dt>
              <dd>Microservice Platform</dd>
            </div>
            <div>
              <dt>{status.connected && assistantCount !== undefined ? assistantCount : '—'}</dt>
              <dd>Built-in Assistants</dd>
            </div>
            <div>
              <dt className={status.connected ? 'live-text' : 'muted'}>{status.connected ? '● Live' : '○ Demo'}</dt>
              <dd>Platform Status</dd>
            </div>
          </dl>
        </div>
        <div className="hero-visual" aria-label="Live platform status">
          <div className="window-header">
            <span className={`win-dot ${status.connected ? 'win-green' : 'win-muted'}`} aria-hidden="true" />
            <span className="win-dot win-yellow" aria-hidden="true" />
            <span className="win-dot win-green" aria-hidden="true" />
            <span className="window-caption">{status.connected ? 'Connected to Symbia' : 'Demo Mode'}</span>
          </div>
          <PlatformStatusPanel status={status} />
        </div>
      </div>
    </section>
  );
}

/** A titled page section (anchor id, heading, one-line subtitle): the frame every content section shares. */
function PageSection({
  id,
  title,
  subtitle,
  muted = false,
  children,
}: {
  id: string;
  title: string;
  subtitle: string;
  muted?: boolean;
  children: ReactNode;
}) {
  return (
    <section id={id} className={muted ? 'section section-muted' : 'section'} aria-labelledby={`${id}-title`}>
      <div className="container">
        <h2 id={`${id}-title`} className="section-title">
          {title}
        </h2>
        <p className="section-subtitle">{subtitle}</p>
        {children}
      </div>
    </section>
  );
}

export function ServicesOverview() {
  return (
    <PageSection
      id="platform"
      title="The Platform"
      subtitle="Nine services, each owning one concern, meeting only over HTTP and events."
    >
      <ul className="card-grid">
        {serviceCatalog.map((service) => (
          <li key={service.id} className="info-card">
            <h3>{service.name}</h3>
            <p className="mono muted">
              :{service.port} · tier {service.tier}
            </p>
            <p>{service.description}</p>
          </li>
        ))}
      </ul>
    </PageSection>
  );
}

export function Architecture() {
  const tiers = [1, 2, 3].map((tier) => serviceCatalog.filter((service) => service.tier === tier));
  return (
    <PageSection
      id="architecture"
      title="Architecture"
      muted
      subtitle="Services start in tiers; each tier waits until the one before it is ready. The website is the last tier."
    >
      <ol className="tiers">
        {tiers.map((group, index) => (
          <li key={index} className="tier">
            <span className="tier-label">Tier {index + 1}</span>
            <span>{group.map((service) => service.name).join(' · ')}</span>
          </li>
        ))}
        <li className="tier">
          <span className="tier-label">Tier 4</span>
          <span>Website (this page, port 5000)</span>
        </li>
      </ol>
    </PageSection>
  );
}

export function Solutions() {
  return (
    <PageSection
      id="solutions"
      title="Solutions"
      subtitle="What changes when assistants are part of the platform instead of bolted on."
    >
      <ul className="card-grid">
        {solutions.map((solution) => (
          <li key={solution.id} className="info-card">
            <h3>
              <span aria-hidden="true">{solution.icon}</span> {solution.title}
            </h3>
            <p className="muted">{solution.problem}</p>
            <p>{solution.solution}</p>
          </li>
        ))}
      </ul>
    </PageSection>
  );
}

export function Footer() {
  return (
    <footer className="footer">
      <div className="container footer-inner">
        <p>© 2026 Symbia Labs. All rights reserved.</p>
        <ul className="footer-links">
          <li>
            <a href="/docs">Documentation</a>
          </li>
          <li>
            <a href="/blog">Blog</a>
          </li>
          <li>
            <a href="/privacy">Privacy</a>
          </li>
          <li>
            <a href="/terms">Terms</a>
          </li>
        </ul>
      </div>
    </footer>
  );
}
