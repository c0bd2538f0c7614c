import { useEffect, useState } from 'react';
import type { Severity } from '../api/client';
import { ALERT_STATUSES, type AlertQuery, type AlertSortKey, SEVERITIES, SORT_LABELS, type SortOrder } from '../lib/alertQuery';

/** Typing in the search box re-queries after this pause, not on every key. */
const SEARCH_DELAY_MS = 300;

/** Filter (status, severity, text) and sort of the alert feed; every control is a labelled form field. */
export function AlertFilters({ query, onChange }: { query: AlertQuery; onChange: (q: AlertQuery) => void }) {
  const [text, setText] = useState(query.q);

  useEffect(() => {
    if (text === query.q) return;
    const timer = setTimeout(() => onChange({ ...query, q: text }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, query, onChange]);

  return (
    <form className="filters" role="search" aria-label="Filter alerts" onSubmit={(e) => {
      e.preventDefault();
      onChange({ ...query, q: text });
    }}>
      <label>
        Search
        <input
          type="search"
          value={text}
          placeholder="Alert, promotion or SKU"
          data-testid="filter-q"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <label>
        Status
        <select value={query.status} data-testid="filter-status" onChange={(e) => onChange({ ...query, status: e.target.value })}>
          <option value="">Any</option>
          {ALERT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0) + s.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label>
        Severity
        <select
          value={query.severity}
          data-testid="filter-severity"
          onChange={(e) => onChange({ ...query, severity: e.target.value as '' | Severity })}
        >
          <option value="">Any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0) + s.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sort by
        <select value={query.sort} data-testid="sort-key" onChange={(e) => onChange({ ...query, sort: e.target.value as AlertSortKey })}>
          {(Object.keys(SORT_LABELS) as AlertSortKey[]).map((k) => (
            <option key={k} value={k}>
              {SORT_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Order
        <select value={query.order} data-testid="sort-order" onChange={(e) => onChange({ ...query, order: e.target.value as SortOrder })}>
          <option value="desc">{query.sort === 'detectedAt' ? 'Newest first' : 'Highest first'}</option>
          <option value="asc">{query.sort === 'detectedAt' ? 'Oldest first' : 'Lowest first'}</option>
        </select>
      </label>
    </form>
  );
}
