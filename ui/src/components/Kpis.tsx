import type { DashboardStats } from '../api/client';
import { formatCents, formatRate } from '../lib/format';

interface Card {
  testId: string;
  label: string;
  value: (s: DashboardStats) => string;
  hint: string;
}

const CARDS: Card[] = [
  { testId: 'kpi-pending', label: 'Pending alerts', value: (s) => String(s.pendingAlerts), hint: 'Waiting for a decision' },
  {
    testId: 'kpi-lost',
    label: 'Substitute revenue lost',
    value: (s) => formatCents(s.totalLostRevenueCents),
    hint: 'Across all alerts',
  },
  {
    testId: 'kpi-rate',
    label: 'Avg. cannibalization',
    value: (s) => formatRate(s.averageCannibalizationRate),
    hint: 'Share of lift taken from substitutes',
  },
  { testId: 'kpi-promotions', label: 'Active promotions', value: (s) => String(s.activePromotions), hint: 'Running now' },
  { testId: 'kpi-alerts', label: 'Alerts', value: (s) => String(s.alertCount), hint: 'All time' },
];

/** The headline numbers from GET /api/stats. */
export function Kpis({ stats }: { stats: DashboardStats | null }) {
  return (
    <section className="kpis" aria-label="Key figures">
      {CARDS.map((c) => (
        <div className="kpi" key={c.testId} data-testid={c.testId}>
          <span className="kpi-label">{c.label}</span>
          <span className="kpi-value">{stats ? c.value(stats) : '–'}</span>
          <span className="kpi-hint">{c.hint}</span>
        </div>
      ))}
    </section>
  );
}
