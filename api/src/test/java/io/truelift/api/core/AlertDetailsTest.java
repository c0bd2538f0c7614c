package io.truelift.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.truelift.api.api.ActionView;
import io.truelift.api.api.AlertEstimate;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.SalesSeries;
import io.truelift.api.api.TimelineEntry;
import io.truelift.api.db.AlertDao;
import io.truelift.api.db.AlertDao.SubstituteRow;
import io.truelift.api.db.AlertDao.WindowRow;
import io.truelift.model.Calibration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The estimate's intervals from stored totals, the series, the timeline and the outcome names. */
class AlertDetailsTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  static final Calibration CAL = new Calibration(new double[] {Double.POSITIVE_INFINITY}, new double[] {1},
      new double[0], new double[0], 1.0, 0.1, 1.645, 100, 10);

  static AlertRow alert() {
    return new AlertRow("P-1-e1", "P-1", "A", "CAT", "SUB", "ANALYSED", "HIGH", T.plusSeconds(3600), T,
        T.plusSeconds(3600), 60, 30, 0.5, 3000, 9, "alert-P-1-e1", T.plusSeconds(3700), T.plusSeconds(3800));
  }

  static List<WindowRow> windows(String sku, int n, long units, Double baseline) {
    List<WindowRow> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new WindowRow(sku, T.plusSeconds(60L * i), 1, units, units * 70, baseline));
    }
    return out;
  }

  @Test
  void withCalibrationAndPromotedTotalsEveryUnitFigureHasAnIntervalAroundTheStoredEstimate() {
    List<WindowRow> w = new ArrayList<>(windows("A", 60, 2, 1.0)); // G = 120 - 60 = 60
    List<SubstituteRow> subs = List.of(new SubstituteRow("B", 100, 70, 30));
    AlertEstimator.Result r =
        AlertEstimator.estimate(alert(), subs, w, Map.of("A", new AlertEstimator.Prices(100.0, 60.0),
            "B", new AlertEstimator.Prices(100.0, 60.0)), CAL, "m-1");
    AlertEstimate e = r.estimate();

    assertThat(e.grossLiftUnits().estimate()).isCloseTo(60, within(1e-9));
    assertThat(e.cannibalizedUnits().estimate()).isCloseTo(30, within(1e-9));
    assertThat(e.netUnits().estimate()).isCloseTo(30, within(1e-9));
    assertThat(e.cannibalizationRate().estimate()).isCloseTo(0.5, within(1e-9));
    // Var(C) = 1 * 70 + 0.01 * 100^2 = 170; 90 % half-width = 1.645 * sqrt(170)
    assertThat(e.cannibalizedUnits().upper() - 30).isCloseTo(1.645 * Math.sqrt(170), within(1e-9));
    assertThat(e.netMarginCents()).isNotNull();
    assertThat(e.pullForwardUnits()).isNull();
    assertThat(r.substituteIntervals().get("B").estimate()).isCloseTo(30, within(1e-9));
    assertThat(e.basis()).contains("calibration of model m-1").contains("60 windows");
  }

  @Test
  void withoutThePromotedItemsWindowsOnlyCannibalizationHasAnInterval() {
    AlertEstimate e =
        AlertEstimator.estimate(alert(), List.of(new SubstituteRow("B", 100, 70, 30)), List.of(), Map.of(), CAL, "m-1").estimate();

    assertThat(e.cannibalizedUnits()).isNotNull();
    assertThat(e.grossLiftUnits()).isNull();
    assertThat(e.netUnits()).isNull();
    assertThat(e.netMarginCents()).isNull();
    assertThat(e.basis()).contains("no windowed_sales rows of the promoted item");
  }

  @Test
  void withoutAModelNothingHasAnInterval() {
    AlertEstimator.Result r = AlertEstimator.estimate(alert(), List.of(), List.of(), Map.of(), null, null);

    assertThat(r.estimate().cannibalizedUnits()).isNull();
    assertThat(r.estimate().basis()).isEqualTo("no active model in the registry: intervals unknown");
  }

  @Test
  void seriesArePromotedFirstAndSummedToAtMost60Points() {
    List<WindowRow> w = new ArrayList<>(windows("B", 10, 1, null));
    w.addAll(windows("A", 300, 2, 1.5));

    List<SalesSeries> s = AlertDetails.series("A", List.of("A", "B", "C"), w);

    assertThat(s).extracting(SalesSeries::sku).containsExactly("A", "B");
    assertThat(s.get(0).role()).isEqualTo("PROMOTED");
    assertThat(s.get(0).points()).hasSize(60); // 300 windows in buckets of 5
    assertThat(s.get(0).points().get(0).actualUnits()).isEqualTo(10);
    assertThat(s.get(0).points().get(0).baselineUnits()).isEqualTo(7.5);
    assertThat(s.get(1).role()).isEqualTo("SUBSTITUTE");
    assertThat(s.get(1).points()).hasSize(10);
    assertThat(s.get(1).points().get(0).baselineUnits()).as("unknown baseline stays unknown").isNull();
  }

  @Test
  void timelineMergesDetectionNoticesAndRequestsInTimeOrder() {
    List<TimelineEntry> t =
        AlertDetails.timeline(
            alert(),
            List.of(new ActionView("X", "ADJUST_PRICE", 249L, null, "manager", T.plusSeconds(3900), "EXECUTED", T.plusSeconds(3950))),
            List.of(new AlertDao.Notification("ANALYSED", "analysed", T.plusSeconds(3750)),
                new AlertDao.Notification("ACTIONED", "price changed", T.plusSeconds(3950))));

    assertThat(t).extracting(TimelineEntry::kind).containsExactly("DETECTED", "ANALYSED", "ACTION_REQUESTED", "ACTIONED");
    assertThat(t.get(2).detail()).isEqualTo("ADJUST_PRICE to 249 cents by manager");
  }

  @Test
  void storedOutcomesAreShownInTheDashboardsWords() {
    assertThat(AlertDetails.outcome("EFFECTIVE")).isEqualTo("IMPROVED");
    assertThat(AlertDetails.outcome("INEFFECTIVE")).isEqualTo("WORSENED");
    assertThat(AlertDetails.outcome("INCONCLUSIVE")).isEqualTo("NO_CHANGE");
    assertThat(AlertDetails.outcome("INSUFFICIENT_DATA")).isEqualTo("INSUFFICIENT_DATA");
  }
}
