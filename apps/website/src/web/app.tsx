import { useState } from 'react';
import { AssistantGrid } from './components/assistant-grid';
import { ChatModal } from './components/chat-modal';
import { Architecture, Footer, Hero, Logo, Nav, ServicesOverview, Solutions } from './components/page-sections';
import { ThemeControls } from './components/theme-controls';
import { useAssistants } from './hooks/use-assistants';
import { usePlatformStatus } from './hooks/use-platform-status';
import type { AssistantCardModel } from './lib/assistant-card';

const PAGES: Record<string, { title: string; body: string }> = {
  '/docs': {
    title: 'Documentation',
    body: 'Each service serves its own reference at /docs on its port (OpenAPI and llms.txt), generated from its route schemas.',
  },
  '/docs/quickstart': {
    title: 'Quickstart',
    body: 'Clone the repository, run "npm install", then "npm start": embedded PostgreSQL, every service and this website on port 5000.',
  },
  '/blog': { title: 'Blog', body: 'No posts yet.' },
  '/privacy': {
    title: 'Privacy',
    body: 'This site sets no cookies and sends your chat messages only to your own Symbia platform.',
  },
  '/terms': { title: 'Terms', body: 'Symbia is open source under the MIT licence.' },
};

export function App() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  const page = PAGES[path];
  return page ? <TextPage title={page.title} body={page.body} /> : <HomePage />;
}

function HomePage() {
  const status = usePlatformStatus();
  const catalog = status.services.find((service) => service.name === 'catalog');
  const assistants = useAssistants(!status.loaded ? 'unknown' : catalog?.state === 'online' ? 'online' : 'offline');
  const [selected, setSelected] = useState<AssistantCardModel | null>(null);
  const select = (assistant: AssistantCardModel) =>
    setSelected((current) => (current?.key === assistant.key ? null : assistant));
  const count = assistants.assistants.length;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Nav status={status} />
      <main id="main">
        <Hero status={status} assistantCount={assistants.loading ? undefined : count} />
        <ServicesOverview />
        <Architecture />
        <Solutions />
        <section id="assistants" className="section" aria-labelledby="assistants-title">
          <div className="container">
            <h2 id="assistants-title" className="section-title">
              Built-in Assistants
            </h2>
            <p className="section-subtitle">
              {count > 0
                ? `${count} assistants loaded from catalog`
                : 'Start the platform to load the assistants from the catalog.'}
            </p>
            <AssistantGrid
              assistants={assistants.assistants}
              loading={assistants.loading}
              connected={status.connected}
              catalogOnline={catalog?.state === 'online'}
              {...(assistants.error ? { error: assistants.error } : {})}
              {...(selected ? { selectedKey: selected.key } : {})}
              onSelect={select}
            />
          </div>
        </section>
      </main>
      <Footer />
      <ThemeControls />
      {selected ? <ChatModal key={selected.key} assistant={selected} onClose={() => setSelected(null)} /> : null}
    </>
  );
}

function TextPage({ title, body }: { title: string; body: string }) {
  return (
    <>
      <header className="nav">
        <nav className="container nav-inner" aria-label="Main">
          <Logo />
          <a className="btn btn-secondary" href="/">
            Back to home
          </a>
        </nav>
      </header>
      <main id="main" className="section text-page">
        <div className="container">
          <h1>{title}</h1>
          <p>{body}</p>
        </div>
      </main>
      <Footer />
      <ThemeControls />
    </>
  );
}
