import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api, type AlertDetail, type AlertSummary, type DashboardStats } from './api/client';
import { AlertDetailPanel } from './components/AlertDetailPanel';
import { AlertFeed } from './components/AlertFeed';
import { Kpis } from './components/Kpis';
import { LiveIndicator } from './components/LiveIndicator';
import { useAlertStream } from './hooks/useAlertStream';
import { feedReducer } from './lib/feed';

/** How many alerts the feed loads at start and after a reconnect. */
const PAGE_SIZE = 50;
/** Stats are re-read after stream updates, at most this often (a burst of alerts is one read). */
const STATS_REFRESH_MS = 1000;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The dashboard: KPIs, the live alert feed and the selected alert's detail with its actions. */
export function App() {
  const [stats, setStats] = useState<DashboardStats | null>(null);
  const [alerts, dispatch] = useReducer(feedReducer, []);
  const [total, setTotal] = useState<number | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detail, setDetail] = useState<AlertDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const selectedRef = useRef<string | null>(null);
  selectedRef.current = selectedId;
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

  const loadPage = useCallback(() => {
    const streamed: AlertSummary[] = [];
    inFlightRef.current = streamed;
    api.alerts(PAGE_SIZE).then(
      (page) => {
        if (inFlightRef.current === streamed) inFlightRef.current = null;
        dispatch({ type: 'page', items: page.items, streamedDuringLoad: streamed });
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
      inFlightRef.current?.push(alert);
      dispatch({ type: 'upsert', alert });
      scheduleStats();
      if (selectedRef.current === alert.alertId) loadDetail(alert.alertId);
    },
    onOpen: () => {
      // Anything that changed while the stream was down was not sent: read it again.
      loadPage();
      loadStats();
      if (selectedRef.current) loadDetail(selectedRef.current);
    },
  });

  useEffect(() => {
    // Load at once, without waiting for the stream (it may be down).
    loadPage();
    loadStats();
    return () => {
      if (statsTimerRef.current !== null) clearTimeout(statsTimerRef.current);
    };
  }, [loadPage, loadStats]);

  useEffect(() => {
    setDetail(null);
    setDetailError(null);
    if (selectedId) loadDetail(selectedId);
  }, [selectedId, loadDetail]);

  const refreshAfterAction = useCallback(() => {
    if (selectedRef.current) loadDetail(selectedRef.current);
    scheduleStats();
  }, [loadDetail, scheduleStats]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>TrueLift</h1>
        <span className="tagline">Promotion cannibalization monitor</span>
        <LiveIndicator connection={connection} />
      </header>
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      <Kpis stats={stats} />
      <main className={selectedId ? 'columns with-detail' : 'columns'}>
        <section className="panel feed-column" aria-labelledby="feed-title">
          <h2 id="feed-title">
            Cannibalization alerts{' '}
            {total !== null && (
              <small>
                {alerts.length} shown of {Math.max(total, alerts.length)}
              </small>
            )}
          </h2>
          <AlertFeed alerts={alerts} selectedId={selectedId} onSelect={setSelectedId} />
        </section>
        {selectedId && (
          <AlertDetailPanel
            alertId={selectedId}
            alert={detail}
            error={detailError}
            onChanged={refreshAfterAction}
            onClose={() => setSelectedId(null)}
          />
        )}
      </main>
    </div>
  );
}
