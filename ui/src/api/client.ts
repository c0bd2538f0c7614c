// Typed access to the TrueLift API under /api. The shapes mirror the API's JSON records in
// api/src/main/java/io/truelift/api/api; when one of those changes, change it here too.

export type ActionType = 'STOP_PROMOTION' | 'ADJUST_PRICE' | 'DISMISS';
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** One row of the alert list, and the data of each `alert` event on the live stream. */
export interface AlertSummary {
  alertId: string;
  promotionId: string;
  promotedSku: string;
  category: string;
  subCategory: string;
  /** OPEN, ANALYSED, ESCALATED, ACTIONED, DISMISSED, MEASURED or CLOSED. */
  status: string;
  severity: Severity;
  /** ISO-8601 instant. */
  detectedAt: string;
  grossLiftUnits: number;
  cannibalizedUnits: number;
  cannibalizationRate: number;
  lostRevenueCents: number;
}

export interface AlertPage {
  items: AlertSummary[];
  total: number;
}

export interface Substitute {
  sku: string;
  baselineUnits: number;
  actualUnits: number;
  lostUnits: number;
}

export interface Recommendation {
  rank: number;
  actionType: ActionType;
  newPriceCents: number | null;
  title: string;
  rationale: string;
  expectedMarginChangeCents: number | null;
}

export interface Analysis {
  /** `deterministic` for the rule-based analyst, otherwise the model's name. */
  analyst: string;
  explanation: string;
  confidence: number;
  recommendations: Recommendation[];
}

export interface Action {
  actionId: string;
  actionType: ActionType;
  newPriceCents: number | null;
  reason: string | null;
  actor: string;
  requestedAt: string;
  /** REQUESTED until the workflow executes it, then EXECUTED (or FAILED). */
  status: string;
  executedAt: string | null;
}

export interface AlertDetail extends AlertSummary {
  windowStart: string;
  windowEnd: string;
  testStatistic: number;
  workflowId: string;
  substitutes: Substitute[];
  analysis: Analysis | null;
  actions: Action[];
}

export interface DashboardStats {
  pendingAlerts: number;
  totalLostRevenueCents: number;
  averageCannibalizationRate: number;
  activePromotions: number;
  alertCount: number;
}

export interface ActionRequest {
  type: ActionType;
  newPriceCents?: number;
  reason?: string;
}

export interface ActionAccepted {
  actionId: string;
  alertId: string;
  type: ActionType;
  status: string;
}

/** The API said no (or could not be reached); `message` is the server's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The message to show for a failed request: Dropwizard answers `{code, message}` for most errors
 * and `{errors: [...]}` for failed validation; anything else falls back to the HTTP status.
 */
export function errorMessage(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; errors?: unknown };
    if (Array.isArray(b.errors) && b.errors.length > 0) return b.errors.map(String).join('; ');
    if (typeof b.message === 'string' && b.message.trim() !== '') return b.message;
  }
  return `Request failed with HTTP ${status}`;
}

/** Long enough for a busy 2-core dev machine, short enough that a hung API shows as an error. */
export const REQUEST_TIMEOUT_MS = 10_000;

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: {
        Accept: 'application/json',
        ...(init?.body ? { 'Content-Type': 'application/json' } : {}),
      },
    });
  } catch (e) {
    const reason = e instanceof DOMException && e.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : String(e);
    throw new ApiError(0, `${init?.method ?? 'GET'} ${path} failed: ${reason}`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page, say: report the status rather than a JSON syntax error.
    if (response.ok) throw new ApiError(response.status, `${path} did not answer JSON`);
  }
  if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, body));
  return body as T;
}

const alertPath = (alertId: string) => `/api/alerts/${encodeURIComponent(alertId)}`;

export const api = {
  stats: () => request<DashboardStats>('/api/stats'),
  alerts: (limit = 50) => request<AlertPage>(`/api/alerts?limit=${limit}`),
  alert: (alertId: string) => request<AlertDetail>(alertPath(alertId)),
  act: (alertId: string, action: ActionRequest) =>
    request<ActionAccepted>(`${alertPath(alertId)}/actions`, {
      method: 'POST',
      body: JSON.stringify(action),
    }),
};

export const ALERT_STREAM_URL = '/api/alerts/stream';
