import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, type Session, api } from '../api/client';

interface Props {
  /** Why the user is here (session ended, signed out), if known. */
  notice: string | null;
  onSignedIn: (session: Session) => void;
}

/** POST /api/session; the API sets the session as an HttpOnly cookie the page never reads. */
export function SignInPage({ notice, onSignedIn }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · TrueLift';
    userRef.current?.focus();
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your user name and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const s = await api.signIn(username.trim(), password);
      onSignedIn({ username: s.username, role: s.role });
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'Wrong user name or password.'
          : `Could not sign in: ${err instanceof Error ? err.message : String(err)}`,
      );
      setBusy(false);
    }
  }

  return (
    <main className="signin" id="main">
      <form className="panel signin-form" onSubmit={submit} aria-labelledby="signin-title" data-testid="signin-form" noValidate>
        <h1 id="signin-title">TrueLift</h1>
        <p className="muted">Promotion cannibalization monitor. Sign in to continue.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label className="field">
          User name
          <input
            ref={userRef}
            name="username"
            autoComplete="username"
            data-testid="signin-username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label className="field">
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            data-testid="signin-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="signin-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-testid="signin-submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
