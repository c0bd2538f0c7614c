// Pure helpers for the live stream (GET /api/alerts/stream, SSE events named `alert`).
import type { AlertSummary } from '../api/client';

export type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * Delay before opening a new EventSource after the browser gave up on one (it retries by itself
 * only while the server answers with an event stream): 1 s, 2 s, 4 s ... up to 30 s.
 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}

/** The AlertSummary in an `alert` event's data, or null when it is not one (logged, skipped). */
export function parseAlertEvent(data: string): AlertSummary | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const a = value as Partial<AlertSummary>;
  if (typeof a.alertId !== 'string' || a.alertId === '' || a.detectedAt === undefined) return null;
  return value as AlertSummary;
}
