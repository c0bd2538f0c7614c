// Typed access to the TrueLift API under /api. The shapes mirror the API's JSON records (see
// api/README.md and the issue 6 HTTP contract); when one of those changes, change it here too.

export type ActionType = 'STOP_PROMOTION' | 'ADJUST_PRICE' | 'DISMISS';
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type Role = 'viewer' | 'manager' | 'admin';

/** A 90 % interval around an estimate. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** One row of the alert list, and the data of each `alert` event on the live stream. */
export interface AlertSummary {
  alertId: string;
  promotionId: string;
  promotedSku: string;
  category: string;
  subCategory: string;
  /** OPEN, ANALYSED, ESCALATED, ACTIONED, DISMISSED, MEASURED, CLOSED or RETRACTED. */
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
  lostUnitsInterval?: Interval | null;
}

export interface Recommendation {
  rank: number;
  actionType: ActionType;
  newPriceCents: number | null;
  title: string;
  rationale: string;
  expectedMarginChangeCents: number | null;
  /** The effect's 90% interval; null for a heuristic effect, the status quo, or older analyses. */
  expectedMarginChangeLowerCents: number | null;
  expectedMarginChangeUpperCents: number | null;
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

/** The decomposition of a promotion's lift, each part with its interval (null when not known). */
export interface AlertEstimate {
  grossLiftUnits: Interval | null;
  cannibalizedUnits: Interval | null;
  pullForwardUnits: Interval | null;
  netUnits: Interval | null;
  netRevenueCents: Interval | null;
  netMarginCents: Interval | null;
  cannibalizationRate: Interval | null;
  /** What the figures were computed from, or why some are missing (the API invents none). */
  basis?: string | null;
}

export interface SeriesPoint {
  windowStart: string;
  actualUnits: number;
  /** Null where the model had no baseline for the window (drawn as a gap, not as zero). */
  baselineUnits: number | null;
}

/** Windowed actual vs baseline sales of one item over the alert's period. */
export interface Series {
  sku: string;
  role: 'PROMOTED' | 'SUBSTITUTE';
  points: SeriesPoint[];
}

export interface TimelineEntry {
  at: string;
  /** DETECTED, ANALYSED, ESCALATED, ACTION_REQUESTED, ACTIONED, DISMISSED, MEASURED, CLOSED ... */
  kind: string;
  detail: string | null;
}

export type Outcome = 'IMPROVED' | 'NO_CHANGE' | 'WORSENED' | 'INSUFFICIENT_DATA';

/** How an executed action changed the margin of the promoted item and its substitutes. */
export interface Effectiveness {
  alertId: string;
  actionType: ActionType;
  actionAt: string;
  measuredAt: string;
  groupMarginEffectCents: Interval | null;
  /** 0..100, null when there was not enough data to judge. */
  score: number | null;
  outcome: Outcome;
  detail: string | null;
}

export interface AlertDetail extends AlertSummary {
  windowStart: string;
  windowEnd: string;
  testStatistic: number;
  workflowId: string;
  substitutes: Substitute[];
  analysis: Analysis | null;
  actions: Action[];
  // Added by issue 6; optional so an older API still renders.
  estimate?: AlertEstimate | null;
  series?: Series[];
  timeline?: TimelineEntry[];
  effectiveness?: Effectiveness | null;
}

export interface DashboardStats {
  pendingAlerts: number;
  totalLostRevenueCents: number;
  totalLostMarginCents?: number;
  averageCannibalizationRate: number;
  activePromotions: number;
  alertCount: number;
  netLiftUnits?: number;
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

export interface Session {
  username: string;
  role: Role;
}

export type PromotionStatus = 'PLANNED' | 'ACTIVE' | 'STOPPED' | 'ENDED';

export interface Promotion {
  promotionId: string;
  sku: string;
  productName: string;
  category: string;
  subCategory: string;
  status: PromotionStatus;
  promoPriceCents: number;
  regularPriceCents: number;
  startsAt: string;
  endsAt: string | null;
  alertId: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface NewPromotion {
  sku: string;
  promoPriceCents: number;
  startsAt?: string;
  endsAt?: string;
}

export interface WhatIfRequest {
  sku: string;
  promoPriceCents: number;
  durationHours: number;
  startsAt?: string;
}

export interface WhatIfResult {
  sku: string;
  promoPriceCents: number;
  regularPriceCents: number;
  durationHours: number;
  grossLiftUnits: Interval;
  cannibalizedUnits: Interval;
  netUnits: Interval;
  netMarginCents: Interval;
  substitutes: { sku: string; lostUnits: Interval }[];
  modelVersion: string;
}

export interface Product {
  sku: string;
  name: string;
  category: string;
  subCategory: string;
  regularPriceCents: number;
  unitCostCents: number;
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
  if (status === 401) return 'Your session has ended; sign in again';
  if (status === 403) return 'Your role may not do this';
  return `Request failed with HTTP ${status}`;
}

/** Long enough for a busy 2-core dev machine, short enough that a hung API shows as an error. */
export const REQUEST_TIMEOUT_MS = 10_000;

export const SESSION_PATH = '/api/session';

/**
 * Whether a failed request means "not signed in (any more)": a 401 from any endpoint except the
 * sign-in itself, where a 401 means wrong credentials and is shown in the form.
 */
export function isSessionExpired(status: number, path: string, method: string): boolean {
  return status === 401 && !(path === SESSION_PATH && method === 'POST');
}

type UnauthorizedListener = () => void;
let unauthorizedListener: UnauthorizedListener | null = null;

/** Registers what to do when any request finds the session gone (the app sends you to sign-in). */
export function onUnauthorized(listener: UnauthorizedListener | null): void {
  unauthorizedListener = listener;
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const method = init?.method ?? 'GET';
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      // The session is an HttpOnly cookie: the browser sends it, the script never sees it.
      credentials: 'same-origin',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: {
        Accept: 'application/json',
        ...(init?.body ? { 'Content-Type': 'application/json' } : {}),
      },
    });
  } catch (e) {
    const reason = e instanceof DOMException && e.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : String(e);
    throw new ApiError(0, `${method} ${path} failed: ${reason}`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page, say: report the status rather than a JSON syntax error.
    if (response.ok) throw new ApiError(response.status, `${path} did not answer JSON`);
  }
  if (!response.ok) {
    if (isSessionExpired(response.status, path, method)) unauthorizedListener?.();
    throw new ApiError(response.status, errorMessage(response.status, body));
  }
  return body as T;
}

const post = <T>(path: string, body?: unknown) =>
  request<T>(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

const alertPath = (alertId: string) => `/api/alerts/${encodeURIComponent(alertId)}`;
const promotionPath = (promotionId: string) => `/api/promotions/${encodeURIComponent(promotionId)}`;

export const api = {
  signIn: (username: string, password: string) => post<Session & { token: string }>(SESSION_PATH, { username, password }),
  session: () => request<Session>(SESSION_PATH),
  signOut: () => request<null>(SESSION_PATH, { method: 'DELETE' }),
  stats: () => request<DashboardStats>('/api/stats'),
  /** `query` is the URL query without `?`, e.g. from `alertQueryParams`. */
  alerts: (query: string) => request<AlertPage>(`/api/alerts?${query}`),
  alert: (alertId: string) => request<AlertDetail>(alertPath(alertId)),
  act: (alertId: string, action: ActionRequest) => post<ActionAccepted>(`${alertPath(alertId)}/actions`, action),
  promotions: (status?: PromotionStatus) =>
    request<Page<Promotion>>(`/api/promotions${status ? `?status=${encodeURIComponent(status)}` : ''}`),
  createPromotion: (promotion: NewPromotion) => post<Promotion>('/api/promotions', promotion),
  stopPromotion: (promotionId: string) => post<Promotion>(`${promotionPath(promotionId)}/stop`),
  changePrice: (promotionId: string, promoPriceCents: number) =>
    post<Promotion>(`${promotionPath(promotionId)}/price`, { promoPriceCents }),
  whatIf: (plan: WhatIfRequest) => post<WhatIfResult>('/api/promotions/what-if', plan),
  effectiveness: (limit: number, offset: number) =>
    request<Page<Effectiveness>>(`/api/effectiveness?limit=${limit}&offset=${offset}`),
  products: () => request<Product[]>('/api/products'),
};

export const ALERT_STREAM_URL = '/api/alerts/stream';
