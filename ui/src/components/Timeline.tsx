import type { TimelineEntry } from '../api/client';
import { formatInstant, instantMillis } from '../lib/format';

const KIND_LABELS: Record<string, string> = {
  DETECTED: 'Detected',
  ANALYSED: 'Analysed',
  ESCALATED: 'Escalated',
  ACTION_REQUESTED: 'Action requested',
  ACTIONED: 'Action executed',
  DISMISSED: 'Dismissed',
  MEASURED: 'Effect measured',
  CLOSED: 'Closed',
  UPDATED: 'Evidence updated',
  RETRACTED: 'Retracted by the pipeline',
};

/** The alert's workflow so far, oldest step first. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <p className="muted">No workflow steps recorded yet.</p>;
  const ordered = [...entries].sort((a, b) => instantMillis(a.at) - instantMillis(b.at));
  return (
    <ol className="timeline" data-testid="timeline">
      {ordered.map((e, i) => (
        <li key={`${e.kind}-${e.at}-${i}`} data-kind={e.kind}>
          <span className="timeline-kind">{KIND_LABELS[e.kind] ?? e.kind}</span>{' '}
          <time dateTime={e.at} className="muted">
            {formatInstant(e.at, true)}
          </time>
          {e.detail && <span className="sub">{e.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
