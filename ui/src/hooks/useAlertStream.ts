import { useEffect, useRef, useState } from 'react';
import { ALERT_STREAM_URL, type AlertSummary } from '../api/client';
import { type Connection, parseAlertEvent, reconnectDelayMs } from '../lib/stream';

interface Handlers {
  onAlert: (alert: AlertSummary) => void;
  /** Called on every (re)connection: events sent while disconnected are not replayed. */
  onOpen: () => void;
  /**
   * Called when the browser gave up on the stream (it cannot tell why: a 401 looks like any other
   * failure), e.g. to check whether the session is still valid.
   */
  onClosed?: () => void;
}

/** Subscribes to the live alert stream for the component's lifetime and reports its state. */
export function useAlertStream(handlers: Handlers): Connection {
  const [connection, setConnection] = useState<Connection>('connecting');
  // The latest handlers without reconnecting whenever the caller re-renders.
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const connect = () => {
      // Same origin: the session cookie goes with the request.
      source = new EventSource(ALERT_STREAM_URL);
      source.onopen = () => {
        failures = 0;
        setConnection('live');
        handlersRef.current.onOpen();
      };
      source.onerror = () => {
        setConnection('reconnecting');
        // CONNECTING: the browser retries by itself. CLOSED (e.g. a 401, or a 502 from a proxy):
        // it gave up, so open a new one after a back-off.
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          handlersRef.current.onClosed?.();
          retryTimer = setTimeout(connect, reconnectDelayMs(failures++));
        }
      };
      source.addEventListener('alert', (event) => {
        const alert = parseAlertEvent((event as MessageEvent<string>).data);
        if (alert) handlersRef.current.onAlert(alert);
        else console.warn('Skipping an alert event that is not an AlertSummary', (event as MessageEvent).data);
      });
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, []);

  return connection;
}
