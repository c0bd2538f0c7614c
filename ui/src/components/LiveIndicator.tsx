import type { Connection } from '../lib/stream';

const TEXT: Record<Connection, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** Whether the alert feed is receiving live updates. */
export function LiveIndicator({ connection }: { connection: Connection }) {
  return (
    <span
      className={`live live-${connection}`}
      data-testid="live-indicator"
      data-state={connection}
      role="status"
      title={connection === 'live' ? 'New alerts appear without reloading' : 'Live updates paused; retrying'}
    >
      <span className="dot" aria-hidden="true" />
      {TEXT[connection]}
    </span>
  );
}
