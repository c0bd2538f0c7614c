import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Session, api, onUnauthorized } from './api/client';
import { Layout } from './components/Layout';
import { navigate, useHashRoute } from './hooks/useHashRoute';
import { afterSignIn, signInRedirect } from './lib/routes';
import { EffectivenessPage } from './pages/EffectivenessPage';
import { OverviewPage } from './pages/OverviewPage';
import { PromotionsPage } from './pages/PromotionsPage';
import { SignInPage } from './pages/SignInPage';
import { SessionContext } from './session';

/** `undefined` while the first GET /api/session is in flight, `null` when signed out. */
type SessionState = Session | null | undefined;

/**
 * The dashboard: sign-in, then the overview (KPIs, live feed, alert detail), promotions and
 * effectiveness pages on hash routes. Any 401 (a session that expired or was revoked) sends the
 * user to sign-in and back to where they were afterwards.
 */
export function App() {
  const route = useHashRoute();
  const [session, setSession] = useState<SessionState>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const sessionRef = useRef<SessionState>(undefined);
  sessionRef.current = session;

  useEffect(() => {
    onUnauthorized(() => {
      // Only someone who was signed in has a session that "ended"; a first visit just signs in.
      if (sessionRef.current) setNotice('Your session has ended. Sign in again to continue.');
      setSession(null);
      navigate(signInRedirect(window.location.hash), true);
    });
    api.session().then(
      (s) => setSession(s),
      (e) => {
        setSession(null);
        if (!(e instanceof ApiError && e.status === 401)) setNotice(`Could not reach the API: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
    return () => onUnauthorized(null);
  }, []);

  // Signed out anywhere but the sign-in page: go there, remembering the page.
  useEffect(() => {
    if (session === null && route.page !== 'signin') navigate(signInRedirect(window.location.hash), true);
  }, [session, route]);

  // Signed in and sent to the sign-in page (an old link): carry on where it points.
  useEffect(() => {
    if (session && route.page === 'signin') navigate(afterSignIn(route), true);
  }, [session, route]);

  const onSignedIn = useCallback(
    (s: Session) => {
      setSession(s);
      setNotice(null);
      navigate(afterSignIn(route), true);
    },
    [route],
  );

  const signOut = useCallback(() => {
    const done = () => {
      setSession(null);
      setNotice('You are signed out.');
      navigate({ page: 'signin', next: null }, true);
    };
    api.signOut().then(done, done);
  }, []);

  if (session === undefined) {
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  }
  if (session === null || route.page === 'signin') {
    return <SignInPage notice={session ? null : notice} onSignedIn={onSignedIn} />;
  }
  return (
    <SessionContext.Provider value={{ session, signOut }}>
      <Layout route={route}>
        {(route.page === 'overview' || route.page === 'alert') && (
          <OverviewPage selectedId={route.page === 'alert' ? route.alertId : null} />
        )}
        {route.page === 'promotions' && <PromotionsPage />}
        {route.page === 'effectiveness' && <EffectivenessPage />}
      </Layout>
    </SessionContext.Provider>
  );
}
