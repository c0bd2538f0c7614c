import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api, type AlertDetail, type AlertSummary, type DashboardStats } from '../api/client';
import { AlertDetailPanel } from '../components/AlertDetailPanel';
import { AlertFeed } from '../components/AlertFeed';
import { AlertFilters } from '../components/AlertFilters';
import { Kpis } from '../components/Kpis';
import { LiveIndicator } from '../components/LiveIndicator';
import { navigate } from '../hooks/useHashRoute';
import { useAlertStream } from '../hooks/useAlertStream';
import { type AlertQuery, DEFAULT_QUERY, alertQueryParams, isFiltered, matchesQuery } from '../lib/alertQuery';
import { awaitingWorkflow } from '../lib/actions';
import { feedReducer } from '../lib/feed';

/** How many alerts the feed loads at start, after a reconnect and after a filter change. */
const PAGE_SIZE = 50;
/** Stats are re-read after stream updates, at most this often (a burst of alerts is one read). */
const STATS_REFRESH_MS = 1000;
/** While an action waits for the workflow, the open alert is re-read this often as well. */
const ACTION_POLL_MS = 2000;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** KPIs, the live alert feed with its filters, and the selected alert's detail with its actions. */
export function OverviewPage({ selectedId }: { selectedId: string | null }) {
  const [stats, setStats] = useState<DashboardStats | null>(null);
  const [query, setQuery] = useState<AlertQuery>(DEFAULT_QUERY);
  const [alerts, dispatch] = useReducer(feedReducer, []);
  const [total, setTotal] = useState<number | null>(null);
  const [detail, setDetail] = useState<AlertDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Read out by screen readers when a new alert arrives on the stream.
  const [announcement, setAnnouncement] = useState('');

  const alertsRef = useRef(alerts);
  alertsRef.current = alerts;
  const selectedRef = useRef<string | null>(selectedId);
  selectedRef.current = selectedId;
  const queryRef = useRef(query);
  queryRef.current = query;
  // Stream events received while a page request is in flight; null when none is.
  const inFlightRef = useRef<AlertSummary[] | null>(null);
  const statsTimerRef = useRef<ReturnType<typeof setTimeout> | null>(null);

  const loadStats = useCallback(() => {
    api.stats().then(
      (s) => {
        setStats(s);
        setLoadError(null);
      },
      (e) => setLoadError(`Could not load the key figures: ${messageOf(e)}`),
    );
  }, []);

  const scheduleStats = useCallback(() => {
    if (statsTimerRef.current !== null) return;
    statsTimerRef.current = setTimeout(() => {
      statsTimerRef.current = null;
      loadStats();
    }, STATS_REFRESH_MS);
  }, [loadStats]);

  const loadPage = useCallback((replace: boolean) => {
    const streamed: AlertSummary[] = [];
    const forQuery = queryRef.current;
    inFlightRef.current = streamed;
    api.alerts(alertQueryParams(forQuery, PAGE_SIZE)).then(
      (page) => {
        if (inFlightRef.current === streamed) inFlightRef.current = null;
        // A newer query was chosen while this one loaded: its own page will come.
        if (queryRef.current !== forQuery) return;
        dispatch({ type: 'page', items: page.items, streamedDuringLoad: streamed, query: forQuery, replace });
        setTotal(page.total);
      },
      (e) => {
        if (inFlightRef.current === streamed) inFlightRef.current = null;
        setLoadError(`Could not load the alerts: ${messageOf(e)}`);
      },
    );
  }, []);

  const loadDetail = useCallback((alertId: string) => {
    api.alert(alertId).then(
      (d) => {
        // Answers can arrive out of order when the manager clicks through rows quickly.
        if (selectedRef.current !== alertId) return;
        setDetail(d);
        setDetailError(null);
      },
      (e) => {
        if (selectedRef.current === alertId) setDetailError(`Could not load alert ${alertId}: ${messageOf(e)}`);
      },
    );
  }, []);

  const connection = useAlertStream({
    onAlert: (alert) => {
      if (!alertsRef.current.some((a) => a.alertId === alert.alertId) && matchesQuery(alert, queryRef.current)) {
        setAnnouncement(`New ${alert.severity.toLowerCase()} alert: ${alert.promotedSku}, promotion ${alert.promotionId}`);
      }
      inFlightRef.current?.push(alert);
      dispatch({ type: 'upsert', alert, query: queryRef.current });
      scheduleStats();
      if (selectedRef.current === alert.alertId) loadDetail(alert.alertId);
    },
    onOpen: () => {
      // Anything that changed while the stream was down was not sent: read it again.
      loadPage(false);
      loadStats();
      if (selectedRef.current) loadDetail(selectedRef.current);
    },
    // The stream cannot say why it failed; a 401 here sends the user to sign-in.
    onClosed: () => {
      api.session().catch(() => undefined);
    },
  });

  useEffect(() => {
    // Load at once, without waiting for the stream (it may be down).
    loadStats();
    return () => {
      if (statsTimerRef.current !== null) clearTimeout(statsTimerRef.current);
    };
  }, [loadStats]);

  useEffect(() => {
    loadPage(true);
  }, [query, loadPage]);

  useEffect(() => {
    setDetail(null);
    setDetailError(null);
    if (selectedId) loadDetail(selectedId);
  }, [selectedId, loadDetail]);

  // An action the workflow has not carried out yet: keep re-reading until it has a result (the
  // stream reports the alert's status changes, but not every step of its action).
  const waiting = detail ? awaitingWorkflow(detail) : false;
  useEffect(() => {
    if (!waiting || !selectedId) return;
    const timer = setInterval(() => loadDetail(selectedId), ACTION_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, selectedId, loadDetail]);

  const refreshAfterAction = useCallback(() => {
    if (selectedRef.current) loadDetail(selectedRef.current);
    scheduleStats();
  }, [loadDetail, scheduleStats]);

  const filtered = isFiltered(query);
  return (
    <>
      <div className="page-header">
        <h1>Overview</h1>
        <LiveIndicator connection={connection} />
      </div>
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="feed-announcement">
        {announcement}
      </p>
      <Kpis stats={stats} />
      <div className={selectedId ? 'columns with-detail' : 'columns'}>
        <section className="panel feed-column" aria-labelledby="feed-title">
          <h2 id="feed-title">
            Cannibalization alerts{' '}
            {total !== null && (
              <small data-testid="feed-count">
                {alerts.length} shown of {Math.max(total, alerts.length)}
                {filtered ? ' matching' : ''}
              </small>
            )}
          </h2>
          <AlertFilters query={query} onChange={setQuery} />
          <AlertFeed
            alerts={alerts}
            selectedId={selectedId}
            filtered={filtered}
            onSelect={(alertId) => navigate({ page: 'alert', alertId })}
          />
        </section>
        {selectedId && (
          <AlertDetailPanel
            alertId={selectedId}
            alert={detail}
            error={detailError}
            onChanged={refreshAfterAction}
            onClose={() => navigate({ page: 'overview' })}
          />
        )}
      </div>
    </>
  );
}
