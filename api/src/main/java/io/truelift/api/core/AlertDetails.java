package io.truelift.api.core;

import io.truelift.api.api.ActionView;
import io.truelift.api.api.AlertDetail;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.AnalysisView;
import io.truelift.api.api.EffectivenessView;
import io.truelift.api.api.IntervalView;
import io.truelift.api.api.SalesSeries;
import io.truelift.api.api.SeriesPoint;
import io.truelift.api.api.SubstituteView;
import io.truelift.api.api.TimelineEntry;
import io.truelift.api.db.AlertDao;
import io.truelift.api.db.AlertDao.EffectivenessRow;
import io.truelift.api.db.AlertDao.SubstituteRow;
import io.truelift.api.db.AlertDao.WindowRow;
import io.truelift.api.db.AlertReads;
import io.truelift.model.BaselineModel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles one alert's detail: the stored decomposition, analysis and actions, the estimate with
 * intervals ({@link AlertEstimator}), the actual-vs-baseline series of the promoted item and each
 * substitute from {@code windowed_sales}, the lifecycle timeline and the measured effect.
 */
public final class AlertDetails {
  /**
   * A series longer than this is summed into consecutive buckets (a chart's width); it also keeps
   * the detail small (five series of three hours of minutes would be ~100 KB of JSON).
   */
  static final int MAX_POINTS = 60;

  private final ModelSource models;

  public AlertDetails(ModelSource models) {
    this.models = models;
  }

  /** The detail, or empty for an unknown alert. */
  public Optional<AlertDetail> read(AlertReads dao, String alertId) {
    // The worker writes an alert's status in the same transaction as what caused it (its
    // analysis, an executed action). Reading those parts first and the alert row last means a
    // detail never shows an executed action on an alert still ANALYSED, without a snapshot
    // transaction.
    List<SubstituteRow> substitutes = dao.substituteRows(alertId);
    List<ActionView> actions = dao.actions(alertId);
    AnalysisView analysis =
        dao.analysis(alertId)
            .map(r -> new AnalysisView(r.analyst(), r.explanation(), r.confidence(), dao.recommendations(alertId)))
            .orElse(null);
    List<AlertDao.Notification> notifications = dao.notifications(alertId);
    List<EffectivenessRow> measured = dao.effectiveness(alertId);
    Optional<AlertRow> found = dao.findById(alertId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    AlertRow a = found.get();

    List<String> skus = new ArrayList<>();
    skus.add(a.promotedSku());
    substitutes.forEach(s -> skus.add(s.sku()));
    List<WindowRow> windows =
        dao.windowBuckets(
            skus, a.windowStart().atOffset(ZoneOffset.UTC), a.windowEnd().atOffset(ZoneOffset.UTC),
            a.windowStart().getEpochSecond(), bucketSeconds(a.windowStart(), a.windowEnd()));
    Map<String, AlertEstimator.Prices> prices = prices(dao, a, skus);
    Optional<BaselineModel> model = models.activeModel();
    AlertEstimator.Result estimate =
        AlertEstimator.estimate(
            a, substitutes, windows, prices,
            model.map(BaselineModel::calibration).orElse(null),
            model.map(BaselineModel::modelId).orElse(null));
    List<SubstituteView> subs =
        substitutes.stream()
            .map(s -> s.view().withInterval(estimate.substituteIntervals().get(s.sku())))
            .toList();
    return Optional.of(
        new AlertDetail(
            a.alertId(), a.promotionId(), a.promotedSku(), a.category(), a.subCategory(), a.status(),
            a.severity(), a.detectedAt(), a.grossLiftUnits(), a.cannibalizedUnits(),
            a.cannibalizationRate(), a.lostRevenueCents(), a.windowStart(), a.windowEnd(),
            a.testStatistic(), a.workflowId(), subs, analysis, actions, estimate.estimate(),
            series(a.promotedSku(), skus, windows),
            timeline(a, actions, notifications),
            measured.isEmpty() ? null : effectiveness(measured.get(0))));
  }

  private static Map<String, AlertEstimator.Prices> prices(AlertReads dao, AlertRow a, List<String> skus) {
    Map<String, AlertEstimator.Prices> out = new HashMap<>();
    dao.prices(skus)
        .forEach(p -> out.put(p.sku(), new AlertEstimator.Prices((double) p.regularPriceCents(), (double) p.unitCostCents())));
    if (!out.containsKey(a.promotedSku())) {
      dao.promotionPrices(a.promotionId())
          .ifPresent(p -> out.put(a.promotedSku(), new AlertEstimator.Prices((double) p.regularPriceCents(), null)));
    }
    return out;
  }

  /** Minutes per chart point, in seconds: at most {@link #MAX_POINTS} points over the period. */
  static long bucketSeconds(Instant from, Instant to) {
    long minutes = Math.max(1, (Duration.between(from, to).toSeconds() + 59) / 60);
    return 60 * ((minutes + MAX_POINTS - 1) / MAX_POINTS);
  }

  /**
   * One series per sku (promoted first), each at most {@link #MAX_POINTS} points; rows already
   * summed into buckets by the database are summed further only if there are still too many.
   */
  static List<SalesSeries> series(String promotedSku, List<String> skus, List<WindowRow> windows) {
    Map<String, List<WindowRow>> bySku = new LinkedHashMap<>();
    skus.forEach(s -> bySku.put(s, new ArrayList<>()));
    for (WindowRow w : windows) {
      bySku.computeIfAbsent(w.sku(), k -> new ArrayList<>()).add(w);
    }
    List<SalesSeries> out = new ArrayList<>();
    for (var e : bySku.entrySet()) {
      List<WindowRow> rows = e.getValue();
      if (rows.isEmpty()) {
        continue;
      }
      rows.sort(Comparator.comparing(WindowRow::windowStart));
      int per = (rows.size() + MAX_POINTS - 1) / MAX_POINTS;
      List<SeriesPoint> points = new ArrayList<>();
      for (int i = 0; i < rows.size(); i += per) {
        double actual = 0, baseline = 0;
        boolean baselineKnown = true;
        for (int j = i; j < Math.min(rows.size(), i + per); j++) {
          actual += rows.get(j).units();
          if (rows.get(j).baselineUnits() == null) {
            baselineKnown = false;
          } else {
            baseline += rows.get(j).baselineUnits();
          }
        }
        points.add(new SeriesPoint(rows.get(i).windowStart(), actual, baselineKnown ? baseline : null));
      }
      out.add(new SalesSeries(e.getKey(), e.getKey().equals(promotedSku) ? "PROMOTED" : "SUBSTITUTE", points));
    }
    return out;
  }

  /** The lifecycle in time order: detection, the worker's notices, each requested action. */
  static List<TimelineEntry> timeline(
      AlertRow a, List<ActionView> actions, List<AlertDao.Notification> notifications) {
    List<TimelineEntry> out = new ArrayList<>();
    out.add(
        new TimelineEntry(
            a.createdAt(),
            "DETECTED",
            "%s alert: %.0f of %.0f units of gross lift taken from substitutes (rate %.0f%%), %s"
                .formatted(
                    a.severity(), a.cannibalizedUnits(), a.grossLiftUnits(),
                    100 * a.cannibalizationRate(), "evidence up to " + a.windowEnd())));
    for (AlertDao.Notification n : notifications) {
      out.add(new TimelineEntry(n.createdAt(), n.kind(), n.message()));
    }
    for (ActionView act : actions) {
      out.add(
          new TimelineEntry(
              act.requestedAt(),
              "ACTION_REQUESTED",
              act.actionType()
                  + (act.newPriceCents() != null ? " to " + act.newPriceCents() + " cents" : "")
                  + " by " + act.actor()
                  + (act.reason() != null ? ": " + act.reason() : "")));
    }
    out.sort(Comparator.comparing(TimelineEntry::at, Comparator.nullsLast(Comparator.naturalOrder())));
    return out;
  }

  /** The stored outcome in the dashboard's words. */
  static String outcome(String stored) {
    return switch (stored) {
      case "EFFECTIVE" -> "IMPROVED";
      case "INEFFECTIVE" -> "WORSENED";
      case "INCONCLUSIVE" -> "NO_CHANGE";
      default -> stored;
    };
  }

  public static EffectivenessView effectiveness(EffectivenessRow r) {
    IntervalView effect =
        r.estimateCents() == null
            ? null
            : new IntervalView(
                r.estimateCents(),
                r.lowerCents() == null ? r.estimateCents() : r.lowerCents(),
                r.upperCents() == null ? r.estimateCents() : r.upperCents());
    String detail = r.method() + (r.detail() == null ? "" : ": " + r.detail());
    return new EffectivenessView(
        r.alertId(), r.actionType(), r.executedAt(), r.createdAt(), effect, r.score(),
        outcome(r.outcome()), detail);
  }
}
