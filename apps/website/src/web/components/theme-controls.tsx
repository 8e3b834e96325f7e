import { useEffect, useState } from 'react';

const THEMES = ['carbon', 'sand', 'stone', 'mono-blue'] as const;
const MODES = ['dark', 'light', 'system'] as const;
type Theme = (typeof THEMES)[number];
type Mode = (typeof MODES)[number];

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const value = localStorage.getItem(key);
    return allowed.includes(value as T) ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}

/** website-and-cli.md A7: theme and mode on <html>, kept in localStorage; "system" follows the OS live. */
export function ThemeControls() {
  const [open, setOpen] = useState(false);
  const [theme, setTheme] = useState<Theme>(() => stored('symbia-theme', THEMES, 'carbon'));
  const [mode, setMode] = useState<Mode>(() => stored('symbia-mode', MODES, 'dark'));

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('symbia-theme', theme);
  }, [theme]);

  useEffect(() => {
    localStorage.setItem('symbia-mode', mode);
    const query = window.matchMedia('(prefers-color-scheme: light)');
    const apply = () =>
      (document.documentElement.dataset.mode = mode === 'system' ? (query.matches ? 'light' : 'dark') : mode);
    apply();
    if (mode !== 'system') return;
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [mode]);

  return (
    <div className="theme-controls">
      {open ? (
        <div className="theme-panel" role="group" aria-label="Appearance">
          <p className="panel-label">Mode</p>
          <div className="segmented">
            {MODES.map((option) => (
              <button key={option} type="button" aria-pressed={mode === option} onClick={() => setMode(option)}>
                {option.charAt(0).toUpperCase() + option.slice(1)}
              </button>
            ))}
          </div>
          <p className="panel-label">Theme</p>
          <div className="swatches">
            {THEMES.map((option) => (
              <button
                key={option}
                type="button"
                className={`swatch swatch-${option}`}
                aria-pressed={theme === option}
                aria-label={`Theme ${option}`}
                onClick={() => setTheme(option)}
              />
            ))}
          </div>
        </div>
      ) : null}
      <button
        type="button"
        className="icon-button theme-toggle"
        aria-label="Appearance settings"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <svg
          width="20"
          height="20"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <circle cx="12" cy="12" r="4" />
          <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
        </svg>
      </button>
    </div>
  );
}
