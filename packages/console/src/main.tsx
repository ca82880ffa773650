// The Cordon analyst console: sign-in, the queue and the case page, on case-management's HTTP API.
import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import { CasePage } from './case';
import { navigate, routeOf, type Route } from './nav';
import { QueuePage } from './queue';
import { CASE_SHORTCUTS, QUEUE_SHORTCUTS } from './shortcuts';
import type { Me } from './types';
import './styles.css';

function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [config, setConfig] = useState<{ devSignIn: boolean; devUsers: { user: string; roles: string[] }[] }>();
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    api.config().then(setConfig, (e: Error) => setError(e.message));
  }, []);
  const signIn = async (body: { user: string } | { token: string }) => {
    setError('');
    try {
      onSignedIn(await api.signIn(body));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <main id="main" class="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to the Cordon console</h1>
      <p>
        The console uses the same identities and roles as the case API: analysts work cases, supervisors approve,
        auditors read.
      </p>
      {config?.devSignIn && (
        <section aria-labelledby="demo-title">
          <h2 id="demo-title">Demo users (embedded default)</h2>
          <ul class="demo-users">
            {config.devUsers.map((u) => (
              <li key={u.user}>
                <button type="button" data-user={u.user} onClick={() => signIn({ user: u.user })}>
                  Sign in as {u.user} <span class="muted">({u.roles.join(', ')})</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form
        aria-labelledby="token-title"
        onSubmit={(event) => {
          event.preventDefault();
          void signIn({ token });
        }}
      >
        <h2 id="token-title">Token from your identity provider</h2>
        <label for="token">Bearer token (JWT)</label>
        <textarea
          id="token"
          rows={3}
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          autocomplete="off"
          spellcheck={false}
        />
        <p class="hint">It is kept in an HttpOnly cookie for this site only; no script on the page can read it.</p>
        <button type="submit" disabled={!token.trim()}>
          Sign in with the token
        </button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </main>
  );
}

function Help({ open, onClose, page }: { open: boolean; onClose: () => void; page: Route['page'] }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const list = page === 'case' ? CASE_SHORTCUTS : QUEUE_SHORTCUTS;
  return (
    <dialog ref={ref} aria-labelledby="help-title" onClose={onClose} class="help">
      <h2 id="help-title">Keyboard shortcuts: {page === 'case' ? 'case page' : 'queue'}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.key}>
              <td>
                <kbd>{s.key}</kbd>
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">Shortcuts do nothing while you type in a field. Escape closes this list.</p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}

function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(routeOf(location.hash));
  const [help, setHelp] = useState(false);
  const [fatal, setFatal] = useState('');
  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    api.me().then(setMe, (e: unknown) => {
      if (e instanceof ApiError && (e.httpStatus === 401 || e.httpStatus === 403)) setMe(null);
      else setFatal((e as Error).message);
    });
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (event.key === '?') {
        event.preventDefault();
        setHelp((h) => !h);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const signOut = useCallback(async () => {
    await api.signOut().catch(() => undefined);
    setMe(null);
    navigate({ page: 'queue' });
  }, []);
  const onUnauthenticated = useCallback(() => setMe(null), []);

  if (fatal)
    return (
      <main id="main">
        <p role="alert" class="error">
          The console cannot reach the case API: {fatal}
        </p>
      </main>
    );
  if (me === undefined) return <p class="loading">Loading…</p>;
  if (me === null) return <SignIn onSignedIn={setMe} />;
  const readOnly = !me.roles.includes('analyst') && !me.roles.includes('supervisor');
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/">
          Cordon cases
        </a>
        <span class="who" data-testid="who">
          Signed in as <strong>{me.name}</strong> ({me.roles.join(', ') || 'no role'})
          {readOnly && <span class="badge">read-only</span>}
        </span>
        <button type="button" class="link" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          Shortcuts (?)
        </button>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      {route.page === 'case' ? (
        <CasePage
          key={route.caseId}
          caseId={route.caseId}
          me={me}
          helpOpen={help}
          onUnauthenticated={onUnauthenticated}
        />
      ) : (
        <QueuePage me={me} helpOpen={help} onUnauthenticated={onUnauthenticated} />
      )}
      <Help open={help} onClose={() => setHelp(false)} page={route.page} />
    </>
  );
}

render(<App />, document.getElementById('app')!);
