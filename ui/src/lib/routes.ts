// Hash routes (no router library): #/overview, #/alerts/<id>, #/promotions, #/effectiveness and
// #/signin?next=<route>. Pure, so parsing and the sign-in redirect are unit-tested.

export type Route =
  | { page: 'overview' }
  | { page: 'alert'; alertId: string }
  | { page: 'promotions' }
  | { page: 'effectiveness' }
  | { page: 'signin'; next: string | null };

export const HOME: Route = { page: 'overview' };

/** The route a location hash names; anything unknown is the overview. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path, query = ''] = raw.split('?', 2);
  const parts = path.split('/').filter((p) => p !== '');
  switch (parts[0]) {
    case 'alerts':
      if (parts.length === 2) {
        try {
          return { page: 'alert', alertId: decodeURIComponent(parts[1]) };
        } catch {
          return HOME;
        }
      }
      return HOME;
    case 'promotions':
      return { page: 'promotions' };
    case 'effectiveness':
      return { page: 'effectiveness' };
    case 'signin':
      return { page: 'signin', next: safeNext(new URLSearchParams(query).get('next')) };
    default:
      return HOME;
  }
}

/** The hash for a route, e.g. `#/alerts/P-1%3A1`. */
export function routeHash(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/overview';
    case 'alert':
      return `#/alerts/${encodeURIComponent(route.alertId)}`;
    case 'promotions':
      return '#/promotions';
    case 'effectiveness':
      return '#/effectiveness';
    case 'signin':
      return route.next ? `#/signin?next=${encodeURIComponent(route.next)}` : '#/signin';
  }
}

/**
 * Where to go after signing in: only one of this app's own hash routes (never a URL elsewhere,
 * and never the sign-in page itself), else null (the overview).
 */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('#/') || next.startsWith('#/signin') || /[\s\\]/.test(next)) return null;
  return next;
}

/**
 * The sign-in route for someone whose session is missing or gone while at `currentHash`: they
 * come back there after signing in (unless they were already on the sign-in page).
 */
export function signInRedirect(currentHash: string): Route {
  const current = parseHash(currentHash);
  if (current.page === 'signin') return current;
  return { page: 'signin', next: safeNext(routeHash(current)) };
}

/** The route after a successful sign-in. */
export function afterSignIn(route: Route): Route {
  if (route.page !== 'signin' || !route.next) return HOME;
  const next = parseHash(route.next);
  return next.page === 'signin' ? HOME : next;
}
