import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, errorMessage, isSessionExpired, onUnauthorized } from './client';

describe('errorMessage', () => {
  it('shows Dropwizard error messages and validation errors', () => {
    expect(errorMessage(409, { code: 409, message: 'Alert P-1:1 already has an action' })).toBe(
      'Alert P-1:1 already has an action',
    );
    expect(
      errorMessage(422, { errors: ['reason is required when type is DISMISS', 'type must be one of [...]'] }),
    ).toBe('reason is required when type is DISMISS; type must be one of [...]');
  });

  it('falls back to the status when the body says nothing useful', () => {
    expect(errorMessage(502, null)).toBe('Request failed with HTTP 502');
    expect(errorMessage(500, { errors: [] })).toBe('Request failed with HTTP 500');
    expect(errorMessage(500, '<html>')).toBe('Request failed with HTTP 500');
  });
});

describe('api', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts an action as JSON and returns the acceptance', async () => {
    const fetchMock = vi.fn(async () =>
      new Response(JSON.stringify({ actionId: 'a1', alertId: 'P-1:1', type: 'DISMISS', status: 'REQUESTED' }), {
        status: 202,
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const accepted = await api.act('P-1:1', { type: 'DISMISS', reason: 'known' });
    expect(accepted.status).toBe('REQUESTED');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/alerts/P-1%3A1/actions');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ type: 'DISMISS', reason: 'known' });
  });

  it('turns an error answer, JSON or not, into an ApiError with the server message', async () => {
    vi.stubGlobal('fetch', async () => new Response('{"code":404,"message":"No alert X"}', { status: 404 }));
    await expect(api.alert('X')).rejects.toEqual(new ApiError(404, 'No alert X'));
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(api.stats()).rejects.toMatchObject({ status: 502, message: 'Request failed with HTTP 502' });
  });
});

describe('session expiry', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    onUnauthorized(null);
  });

  it('calls the unauthorized listener on a 401 from any endpoint', async () => {
    const listener = vi.fn();
    onUnauthorized(listener);
    vi.stubGlobal('fetch', async () => new Response('{"code":401,"message":"Credentials are required"}', { status: 401 }));
    await expect(api.alerts('limit=50')).rejects.toMatchObject({ status: 401 });
    await expect(api.session()).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('does not treat wrong credentials at sign-in as an expired session', async () => {
    const listener = vi.fn();
    onUnauthorized(listener);
    vi.stubGlobal('fetch', async () => new Response('{"code":401,"message":"Bad credentials"}', { status: 401 }));
    await expect(api.signIn('manager', 'nope')).rejects.toEqual(new ApiError(401, 'Bad credentials'));
    expect(listener).not.toHaveBeenCalled();
  });

  it('does not sign out on a 403: the user is signed in but lacks the role', async () => {
    const listener = vi.fn();
    onUnauthorized(listener);
    vi.stubGlobal('fetch', async () => new Response('{"code":403,"message":"viewer needs role manager"}', { status: 403 }));
    await expect(api.stopPromotion('P-1')).rejects.toEqual(new ApiError(403, 'viewer needs role manager'));
    expect(listener).not.toHaveBeenCalled();
  });

  it('decides expiry by status, path and method', () => {
    expect(isSessionExpired(401, '/api/stats', 'GET')).toBe(true);
    expect(isSessionExpired(401, '/api/session', 'GET')).toBe(true);
    expect(isSessionExpired(401, '/api/session', 'POST')).toBe(false);
    expect(isSessionExpired(403, '/api/stats', 'GET')).toBe(false);
  });
});

describe('requests', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the session cookie and JSON for promotions and the what-if', async () => {
    const fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await api.changePrice('P 1', 449);
    await api.whatIf({ sku: 'A', promoPriceCents: 449, durationHours: 72 });
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0][0]).toBe('/api/promotions/P%201/price');
    expect(JSON.parse(calls[0][1].body as string)).toEqual({ promoPriceCents: 449 });
    expect(calls[1][0]).toBe('/api/promotions/what-if');
    for (const [, init] of calls) {
      expect(init.credentials).toBe('same-origin');
      expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    }
  });

  it('reports an unreachable API as status 0 with the method and path', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.effectiveness(25, 0)).rejects.toEqual(
      new ApiError(0, 'GET /api/effectiveness?limit=25&offset=0 failed: TypeError: Failed to fetch'),
    );
  });

  it('names a 401 or 403 without a body in words', () => {
    expect(errorMessage(401, null)).toBe('Your session has ended; sign in again');
    expect(errorMessage(403, null)).toBe('Your role may not do this');
  });

  it('sends no body and no content type for a stop', async () => {
    const fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await api.stopPromotion('P-1');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/promotions/P-1/stop');
    expect(init.method).toBe('POST');
    expect(init.body).toBeUndefined();
    expect((init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });
});
