import { describe, expect, it } from 'vitest';
import { afterSignIn, parseHash, routeHash, safeNext, signInRedirect } from './routes';

describe('parseHash and routeHash', () => {
  it('reads each page, and an alert id with reserved characters', () => {
    expect(parseHash('#/overview')).toEqual({ page: 'overview' });
    expect(parseHash('#/promotions')).toEqual({ page: 'promotions' });
    expect(parseHash('#/effectiveness')).toEqual({ page: 'effectiveness' });
    expect(parseHash('#/alerts/P-HIGH%3A1')).toEqual({ page: 'alert', alertId: 'P-HIGH:1' });
  });

  it('round-trips every route', () => {
    for (const hash of ['#/overview', '#/promotions', '#/effectiveness', '#/alerts/P-1%3A2', '#/signin', '#/signin?next=%23%2Fpromotions']) {
      expect(routeHash(parseHash(hash))).toBe(hash);
    }
  });

  it('treats an empty, unknown or malformed hash as the overview', () => {
    expect(parseHash('')).toEqual({ page: 'overview' });
    expect(parseHash('#/nowhere')).toEqual({ page: 'overview' });
    expect(parseHash('#/alerts')).toEqual({ page: 'overview' });
    expect(parseHash('#/alerts/%E0%A4%A')).toEqual({ page: 'overview' });
  });
});

describe('auth redirect', () => {
  it('sends a signed-out user to sign-in, remembering the page', () => {
    expect(signInRedirect('#/alerts/P-1%3A1')).toEqual({ page: 'signin', next: '#/alerts/P-1%3A1' });
    expect(routeHash(signInRedirect('#/promotions'))).toBe('#/signin?next=%23%2Fpromotions');
  });

  it('does not nest sign-in redirects', () => {
    const once = routeHash(signInRedirect('#/effectiveness'));
    expect(signInRedirect(once)).toEqual({ page: 'signin', next: '#/effectiveness' });
  });

  it('returns to the remembered page after sign-in, else to the overview', () => {
    expect(afterSignIn(parseHash('#/signin?next=%23%2Falerts%2FP-1%253A1'))).toEqual({ page: 'alert', alertId: 'P-1:1' });
    expect(afterSignIn(parseHash('#/signin'))).toEqual({ page: 'overview' });
  });

  it('never follows a next that leaves the app or loops to sign-in', () => {
    expect(safeNext('https://evil.example/#/x')).toBeNull();
    expect(safeNext('//evil.example')).toBeNull();
    expect(safeNext('#/signin?next=%23%2Fx')).toBeNull();
    expect(safeNext('#/ok\\evil')).toBeNull();
    expect(safeNext('#/promotions')).toBe('#/promotions');
    expect(parseHash('#/signin?next=https%3A%2F%2Fevil.example')).toEqual({ page: 'signin', next: null });
  });
});
