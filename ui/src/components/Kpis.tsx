import type { DashboardStats } from '../api/client';
import { formatCents, formatRate, formatUnits } from '../lib/format';

interface Card {
  testId: string;
  label: string;
  value: (s: DashboardStats) => string;
  hint: (s: DashboardStats | null) => string;
}

const CARDS: Card[] = [
  { testId: 'kpi-pending', label: 'Pending alerts', value: (s) => String(s.pendingAlerts), hint: () => 'Waiting for a decision' },
  {
    testId: 'kpi-lost',
    label: 'Total loss',
    value: (s) => formatCents(s.totalLostRevenueCents),
    hint: (s) =>
      s?.totalLostMarginCents !== undefined
        ? `Substitute revenue; ${formatCents(s.totalLostMarginCents)} margin`
        : 'Substitute revenue, all alerts',
  },
  {
    testId: 'kpi-rate',
    label: 'Average loss',
    value: (s) => formatRate(s.averageCannibalizationRate),
    hint: () => 'Share of lift taken from substitutes',
  },
  { testId: 'kpi-promotions', label: 'Active promotions', value: (s) => String(s.activePromotions), hint: () => 'Running now' },
  {
    testId: 'kpi-net-lift',
    label: 'Net lift',
    value: (s) => (s.netLiftUnits === undefined ? '–' : `${formatUnits(s.netLiftUnits)} units`),
    hint: (s) => (s ? `Gross lift less cannibalization, ${s.alertCount} alerts` : 'Gross lift less cannibalization'),
  },
];

/** The headline numbers from GET /api/stats. */
export function Kpis({ stats }: { stats: DashboardStats | null }) {
  return (
    <section className="kpis" aria-label="Key figures">
      {CARDS.map((c) => (
        <div className="kpi" key={c.testId} data-testid={c.testId}>
          <span className="kpi-label">{c.label}</span>
          <span className="kpi-value">{stats ? c.value(stats) : '–'}</span>
          <span className="kpi-hint">{c.hint(stats)}</span>
        </div>
      ))}
    </section>
  );
}
