import { describe, expect, it } from 'vitest';
import { parseAlertEvent, reconnectDelayMs } from './stream';

describe('reconnectDelayMs', () => {
  it('backs off exponentially and caps at 30 s', () => {
    expect([0, 1, 2, 3].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(reconnectDelayMs(10)).toBe(30_000);
  });
});

describe('parseAlertEvent', () => {
  it('reads an AlertSummary', () => {
    const data = '{"alertId":"P-12:2026-11-20","detectedAt":"2026-11-20T10:15:00Z","status":"OPEN"}';
    expect(parseAlertEvent(data)).toMatchObject({ alertId: 'P-12:2026-11-20', status: 'OPEN' });
  });

  it('skips data that is not an alert', () => {
    for (const data of ['', 'connected', '[]', 'null', '{"status":"OPEN"}', '{"alertId":"","detectedAt":"x"}']) {
      expect(parseAlertEvent(data), data).toBeNull();
    }
  });
});
