package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.Severity;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.core.contracts.UserAction;
import io.truelift.workflows.alert.AlertActivitiesImpl;
import io.truelift.workflows.alert.AlertDao;
import io.truelift.workflows.alert.DashboardNotice;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.EffectivenessResult;
import io.truelift.workflows.alert.Feedback;
import io.truelift.workflows.analysis.AnalysisActivitiesImpl;
import io.truelift.workflows.effect.EffectivenessActivitiesImpl;
import io.truelift.workflows.effect.EffectivenessDao;
import io.truelift.workflows.effect.EffectivenessSettings;
import io.truelift.workflows.retraining.ModelRegistryDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The full lifecycle's database side on H2 and PostgreSQL: evidence updates, dashboard notices,
 * fallback analyses, feedback, measured effects from {@code windowed_sales}, and the registry's
 * guarded promotion.
 */
class LifecycleActivitiesDbTest {
  static final Instant EXECUTED = Instant.parse("2026-01-05T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(EXECUTED, ZoneOffset.UTC);
  static final EffectivenessSettings HOURLY =
      new EffectivenessSettings(Duration.ofHours(24), Duration.ofHours(1), 6, Duration.ofHours(1));

  static Stream<String> databases() {
    return AlertActivitiesDbTest.databases();
  }

  private static AlertActivitiesImpl alerts(Jdbi jdbi, Clock clock) {
    return new AlertActivitiesImpl(
        jdbi.onDemand(AlertDao.class), e -> {}, new DeterministicAnalyst(), clock);
  }

  private static String one(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private static int count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void newerEvidenceReplacesTheDecompositionAndSubstitutes(String kind) throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database(kind);
    AlertActivitiesImpl a = alerts(jdbi, CLOCK);
    CannibalizationAlert alert = TestAlerts.alert("P-1");
    a.persistAlert(alert);
    CannibalizationAlert newer =
        new CannibalizationAlert(
            1, alert.alertId(), "P-1", "PIZZA-4CH", "FROZEN", "FROZEN PIZZA",
            Instant.parse("2026-01-05T11:00:00Z"), alert.windowStart(),
            Instant.parse("2026-01-05T11:00:00Z"), 120, 100, 0.83, 51000, 9.5, Severity.CRITICAL,
            List.of(
                new SubstituteLoss("PIZZA-PEP", 140, 70, 70),
                new SubstituteLoss("PIZZA-NEW", 20, 10, 10)));
    a.updateEvidence(newer);
    a.updateEvidence(newer);
    assertThat(one(jdbi, "SELECT severity || ' ' || lost_revenue_cents FROM alert"))
        .isEqualTo("CRITICAL 51000");
    assertThat(one(jdbi, "SELECT CAST(lost_units AS VARCHAR) FROM alert_substitute WHERE sku = 'PIZZA-PEP'"))
        .startsWith("70");
    assertThat(count(jdbi, "SELECT COUNT(*) FROM alert_substitute")).isEqualTo(4);
    assertThat(one(jdbi, "SELECT status FROM alert")).isEqualTo("OPEN");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void noticeIsStoredOnceAndBumpsTheAlertForTheBroadcasterOnce(String kind) throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database(kind);
    CannibalizationAlert alert = TestAlerts.alert("P-2");
    alerts(jdbi, CLOCK).persistAlert(alert);
    DashboardNotice n = new DashboardNotice("P-2-e1:ESCALATED", "P-2-e1", "ESCALATED", "escalated");
    alerts(jdbi, Clock.offset(CLOCK, Duration.ofMinutes(5))).notifyDashboard(n);
    alerts(jdbi, Clock.offset(CLOCK, Duration.ofMinutes(9))).notifyDashboard(n); // a retry
    assertThat(count(jdbi, "SELECT COUNT(*) FROM alert_notification")).isEqualTo(1);
    assertThat(one(jdbi, "SELECT kind || ': ' || message FROM alert_notification"))
        .isEqualTo("ESCALATED: escalated");
    // updated_at moved to the first notice (the broadcaster polls it), not to the retry.
    assertThat(
            count(
                jdbi,
                "SELECT COUNT(*) FROM alert WHERE updated_at = TIMESTAMP WITH TIME ZONE"
                    + " '2026-01-05 12:05:00+00'"))
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void retractedAlertKeepsItsStatusAndTimelineNotice(String kind) throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database(kind);
    CannibalizationAlert alert = TestAlerts.alert("P-9");
    alerts(jdbi, CLOCK).persistAlert(alert);
    alerts(jdbi, CLOCK).markStatus(alert.alertId(), "RETRACTED");
    DashboardNotice n =
        new DashboardNotice("P-9-e1:RETRACTED", "P-9-e1", "RETRACTED", "Retracted by the pipeline: late data");
    alerts(jdbi, CLOCK).notifyDashboard(n);
    alerts(jdbi, CLOCK).notifyDashboard(n); // a retry
    assertThat(one(jdbi, "SELECT status FROM alert")).isEqualTo("RETRACTED");
    assertThat(one(jdbi, "SELECT kind || ': ' || message FROM alert_notification"))
        .isEqualTo("RETRACTED: Retracted by the pipeline: late data");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fallbackAnalysisIsLabelledAndFeedbackNamesTheFollowedRecommendation(String kind)
      throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database(kind);
    AlertActivitiesImpl a = alerts(jdbi, CLOCK);
    CannibalizationAlert alert = TestAlerts.alert("P-3");
    a.persistAlert(alert);
    new AnalysisActivitiesImpl(jdbi.onDemand(AlertDao.class), new DeterministicAnalyst(), null, CLOCK)
        .analyseDeterministically(alert, "Gemini failed after up to 3 attempt(s)");
    assertThat(one(jdbi, "SELECT a.analyst || ' / ' || f.reason FROM analysis a JOIN analysis_fallback f ON f.alert_id = a.alert_id"))
        .isEqualTo("deterministic / Gemini failed after up to 3 attempt(s)");
    assertThat(one(jdbi, "SELECT status FROM alert")).isEqualTo("ANALYSED");

    a.recordFeedback(
        new Feedback(alert.alertId(), "a-3", ActionType.ADJUST_PRICE, "INCONCLUSIVE", 1200L, 61));
    a.recordFeedback(
        new Feedback(alert.alertId(), "a-3", ActionType.ADJUST_PRICE, "INCONCLUSIVE", 1200L, 61));
    assertThat(
            one(
                jdbi,
                "SELECT outcome || ' rank ' || followed_rank || ' expected '"
                    + " || expected_margin_change_cents || ' measured ' || estimate_cents || ' score '"
                    + " || score FROM alert_feedback"))
        .isEqualTo("INCONCLUSIVE rank 2 expected 374212 measured 1200 score 61");
    assertThat(count(jdbi, "SELECT COUNT(*) FROM alert_feedback")).isEqualTo(1);
  }

  /** Hourly rows of the group (A = PIZZA-4CH, B = PIZZA-PEP) in stores S1 (treated) and S2. */
  static void insertSales(Jdbi jdbi, Instant anchor, double liftUnitsPerHour, Instant writtenAt) {
    Random rnd = new Random(11);
    jdbi.useHandle(
        h -> {
          h.execute(
              "INSERT INTO product VALUES ('PIZZA-4CH', 'Four cheese', 'FROZEN', 'FROZEN PIZZA', 599, 250),"
                  + " ('PIZZA-PEP', 'Pepperoni', 'FROZEN', 'FROZEN PIZZA', 649, 280)");
          var batch =
              h.prepareBatch(
                  "INSERT INTO windowed_sales (sku, store_id, window_start, window_end, units,"
                      + " revenue_cents, promotion_id, updated_at) VALUES (:sku, :store, :start,"
                      + " :end, :units, :revenue, :promo, :written)");
          for (int hour = -24; hour < 24; hour++) {
            Instant start = anchor.plus(Duration.ofHours(hour));
            double season = 1 + 0.25 * Math.sin(hour / 3.0);
            for (String store : List.of("S1", "S2")) {
              for (String sku : List.of("PIZZA-4CH", "PIZZA-PEP")) {
                double base = (store.equals("S1") ? 30 : 60) * season;
                boolean treated = store.equals("S1") && sku.equals("PIZZA-4CH") && hour >= 0;
                long units = Math.max(0, Math.round(base + (treated ? liftUnitsPerHour : 0) + 2 * rnd.nextGaussian()));
                long price = sku.equals("PIZZA-4CH") ? 599 : 649;
                batch
                    .bind("sku", sku)
                    .bind("store", store)
                    .bind("start", start.atOffset(ZoneOffset.UTC))
                    .bind("end", start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC))
                    .bind("units", units)
                    .bind("revenue", units * price)
                    .bind("promo", (String) null)
                    .bind("written", (writtenAt != null ? writtenAt : start.plus(Duration.ofHours(1))).atOffset(ZoneOffset.UTC))
                    .add();
              }
            }
          }
          batch.execute();
        });
  }

  private static void insertPromotion(Jdbi jdbi, String promotionId, String store) {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO promotion (promotion_id, sku, store_id, promo_price_cents,"
                    + " regular_price_cents, starts_at, status, created_by, created_at, updated_at)"
                    + " VALUES (?, 'PIZZA-4CH', ?, 399, 599, TIMESTAMP WITH TIME ZONE"
                    + " '2026-01-04 09:00:00+00', 'ACTIVE', 'maria', TIMESTAMP WITH TIME ZONE"
                    + " '2026-01-04 09:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-04 09:00:00+00')",
                promotionId,
                store));
  }

  /** The alert's evidence started a day before the action, so a 24-hour pre period exists. */
  static CannibalizationAlert longAlert(String promotionId) {
    CannibalizationAlert b = TestAlerts.alert(promotionId);
    return new CannibalizationAlert(
        1, b.alertId(), promotionId, b.promotedSku(), b.category(), b.subCategory(),
        b.detectedAt(), Instant.parse("2026-01-04T10:00:00Z"), b.windowEnd(), b.grossLiftUnits(),
        b.cannibalizedUnits(), b.cannibalizationRate(), b.lostRevenueCents(), b.testStatistic(),
        b.severity(), List.of(new SubstituteLoss("PIZZA-PEP", 103.3, 56, 47.3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void stopInOneStoreIsMeasuredAgainstTheOtherStoreFromTheActionTime(String kind)
      throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database(kind);
    insertPromotion(jdbi, "P-4", "S1");
    insertSales(jdbi, EXECUTED, 8, null);
    CannibalizationAlert alert = longAlert("P-4");
    AlertActivitiesImpl a = alerts(jdbi, CLOCK);
    a.persistAlert(alert);
    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-4");
    a.executeAction(alert, stop);
    EffectivenessActivitiesImpl measure =
        new EffectivenessActivitiesImpl(jdbi.onDemand(EffectivenessDao.class), HOURLY, CLOCK);

    EffectivenessResult r = measure.measureEffect(alert, stop);
    EffectivenessResult again = measure.measureEffect(alert, stop);

    // Truth: +8 units/h of PIZZA-4CH at (599 - 250) cents margin over 24 h = 67,008 cents.
    assertThat(r.outcome()).isEqualTo("EFFECTIVE");
    assertThat((double) r.estimateCents()).isCloseTo(67_008, within(12_000.0));
    assertThat(r.lowerCents()).isLessThan(67_008L);
    assertThat(r.upperCents()).isGreaterThan(67_008L);
    assertThat(r.score()).isEqualTo(100);
    assertThat(again).isEqualTo(r);
    assertThat(count(jdbi, "SELECT COUNT(*) FROM effectiveness_evaluation")).isEqualTo(1);
    assertThat(
            one(
                jdbi,
                "SELECT method || ' ' || outcome || ' ' || score FROM effectiveness_evaluation"))
        .isEqualTo("did-group-margin-vs-untouched-stores EFFECTIVE 100");
    assertThat(one(jdbi, "SELECT detail FROM effectiveness_detail WHERE evaluation_id = 'eval-a-4'"))
        .contains("24 pre and 24 post buckets", "stores [S2]");
    assertThat(
            count(
                jdbi,
                "SELECT COUNT(*) FROM effectiveness_evaluation WHERE anchored_at ="
                    + " TIMESTAMP WITH TIME ZONE '2026-01-05 12:00:00+00'"))
        .isEqualTo(1);
    assertThat(one(jdbi, "SELECT status FROM alert")).isEqualTo("MEASURED");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void withoutSalesWindowsTheOutcomeIsInsufficientDataWithoutAScore(String kind) throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database(kind);
    CannibalizationAlert alert = longAlert("P-5");
    AlertActivitiesImpl a = alerts(jdbi, CLOCK);
    a.persistAlert(alert);
    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-5");
    a.executeAction(alert, stop);
    EffectivenessResult r =
        new EffectivenessActivitiesImpl(jdbi.onDemand(EffectivenessDao.class), HOURLY, CLOCK)
            .measureEffect(alert, stop);
    assertThat(r.outcome()).isEqualTo("INSUFFICIENT_DATA");
    assertThat(r.score()).isNull();
    assertThat(r.estimateCents()).isNull();
    assertThat(
            one(
                jdbi,
                "SELECT outcome || ' ' || COALESCE(CAST(score AS VARCHAR), 'no score') FROM"
                    + " effectiveness_evaluation"))
        .isEqualTo("INSUFFICIENT_DATA no score");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aSimulatedStreamIsMeasuredOnItsOwnClock(String kind) throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database(kind);
    insertPromotion(jdbi, "P-6", "S1");
    // The stream's clock is in January; the action runs in November (wall clock). The rows up to
    // the simulated action time were written before the action.
    Instant executed = Instant.parse("2026-11-30T10:00:00Z");
    insertSales(jdbi, EXECUTED, 8, executed.minusSeconds(30));
    CannibalizationAlert alert = longAlert("P-6");
    Clock november = Clock.fixed(executed, ZoneOffset.UTC);
    AlertActivitiesImpl a = alerts(jdbi, november);
    a.persistAlert(alert);
    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-6");
    a.executeAction(alert, stop);
    // Only the windows before the simulated action were written by then.
    jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE windowed_sales SET updated_at = TIMESTAMP WITH TIME ZONE"
                    + " '2026-11-30 10:05:00+00' WHERE window_start >= TIMESTAMP WITH TIME ZONE"
                    + " '2026-01-05 12:00:00+00'"));
    EffectivenessResult r =
        new EffectivenessActivitiesImpl(jdbi.onDemand(EffectivenessDao.class), HOURLY, november)
            .measureEffect(alert, stop);
    assertThat(r.outcome()).isEqualTo("EFFECTIVE");
    assertThat(
            count(
                jdbi,
                "SELECT COUNT(*) FROM effectiveness_evaluation WHERE anchored_at ="
                    + " TIMESTAMP WITH TIME ZONE '2026-01-05 12:00:00+00'"))
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void promotionIsRefusedWhenTheActiveModelChangedDuringEvaluation(String kind) throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database(kind);
    ModelRegistryDao dao = jdbi.onDemand(ModelRegistryDao.class);
    dao.insertCandidateIfAbsent("m-1", "baseline", null, null, null, "{}", "file:///m1", ModelRegistryDao.ts(EXECUTED));
    dao.insertCandidateIfAbsent("m-2", "baseline", null, null, null, "{}", "file:///m2", ModelRegistryDao.ts(EXECUTED));
    assertThat(dao.decide("m-1", null, true, "first", EXECUTED).status()).isEqualTo("ACTIVE");
    // m-2 was evaluated against "no active model", but m-1 became active meanwhile.
    var refused = dao.decide("m-2", null, true, "better", EXECUTED);
    assertThat(refused.status()).isEqualTo("REJECTED");
    assertThat(refused.decisionReason()).contains("active model changed from null to m-1");
    // A retried decision changes nothing.
    assertThat(dao.decide("m-1", null, false, "late retry", EXECUTED).status()).isEqualTo("ACTIVE");
    assertThat(count(jdbi, "SELECT COUNT(*) FROM model_version WHERE status = 'ACTIVE'")).isEqualTo(1);
  }
}
