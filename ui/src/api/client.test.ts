import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, errorMessage } from './client';

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
