import { type ReactNode, useEffect, useRef } from 'react';
import { type Route, routeHash } from '../lib/routes';
import { ROLE_LABELS } from '../lib/roles';
import { useSession } from '../session';

const PAGES: { page: Route['page']; label: string; route: Route }[] = [
  { page: 'overview', label: 'Overview', route: { page: 'overview' } },
  { page: 'promotions', label: 'Promotions', route: { page: 'promotions' } },
  { page: 'effectiveness', label: 'Effectiveness', route: { page: 'effectiveness' } },
];

const TITLES: Partial<Record<Route['page'], string>> = {
  overview: 'Overview',
  alert: 'Alert',
  promotions: 'Promotions',
  effectiveness: 'Effectiveness',
};

/** The signed-in frame: skip link, navigation, who is signed in (and as what), sign out. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { session, signOut } = useSession();
  const mainRef = useRef<HTMLElement>(null);
  const section = route.page === 'alert' ? 'overview' : route.page;

  useEffect(() => {
    document.title = `${TITLES[route.page] ?? 'TrueLift'} · TrueLift`;
  }, [route.page]);

  // A new page (not a new alert on the same page) starts reading at its content.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [section]);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        mainRef.current?.focus();
      }}>
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">TrueLift</span>
        <nav aria-label="Main">
          <ul className="nav">
            {PAGES.map((p) => (
              <li key={p.page}>
                <a href={routeHash(p.route)} aria-current={section === p.page ? 'page' : undefined} data-testid={`nav-${p.page}`}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user" data-testid="session-user">
          <span className="user-name">{session.username}</span>{' '}
          <span className={`role role-${session.role}`} data-testid="session-role">
            {ROLE_LABELS[session.role] ?? session.role}
          </span>
          <button type="button" className="link-button" onClick={signOut} data-testid="sign-out">
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
