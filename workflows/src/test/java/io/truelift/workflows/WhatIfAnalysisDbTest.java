package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.Severity;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.model.BaselineModel;
import io.truelift.model.Granularity;
import io.truelift.model.Interval;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.model.estimate.WhatIfForecaster;
import io.truelift.workflows.alert.AlertActivitiesImpl;
import io.truelift.workflows.alert.AlertDao;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.analysis.AnalysisActivitiesImpl;
import io.truelift.workflows.analysis.WhatIfStrategyEffects;
import io.truelift.workflows.retraining.AllStoresSales;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analysis activity as the worker wires it: the what-if reads the recent all-stores sales from
 * {@code windowed_sales} and the promotion's price and end from {@code promotion}, and the stored
 * strategies carry the model's margin effects with their basis; on H2 and PostgreSQL.
 */
class WhatIfAnalysisDbTest {
  private static final Granularity HOUR = Granularity.HOUR;
  /** A promoted day of {@link SalesFixture} (epoch day divisible by 3): PIZZA-A 10:00-14:00. */
  private static final Instant DAY = promotedDay(Instant.parse("2026-01-20T00:00:00Z"));

  private static final Instant WINDOW_END = DAY.plus(Duration.ofMinutes(12 * 60 + 30));
  private static final Instant PROMOTION_END = DAY.plus(Duration.ofHours(14));
  private static SalesFixture fixture;
  private static BaselineModel model;

  static List<String> databases() {
    return AlertActivitiesDbTest.databases().toList();
  }

  private static Instant promotedDay(Instant near) {
    long day = Math.floorDiv(near.getEpochSecond(), 86_400L);
    while (day % 3 != 0) {
      day++;
    }
    return Instant.ofEpochSecond(day * 86_400L);
  }

  @BeforeAll
  static void train() {
    fixture = SalesFixture.generate(DAY.minus(Duration.ofDays(21)), DAY.plus(Duration.ofDays(1)), 11);
    model =
        Trainer.train(
                SalesHistory.of(HOUR, fixture.hourly(fixture.from, DAY)),
                TrainingConfig.defaults(HOUR),
                "m-db")
            .model();
  }

  private static CannibalizationAlert alert() {
    return new CannibalizationAlert(
        1, "P-A-e1", "P-A", "PIZZA-A", "FROZEN", "FROZEN PIZZA", WINDOW_END,
        DAY.plus(Duration.ofHours(10)), WINDOW_END, 20, 8, 0.4, 4000, 5.0, Severity.HIGH,
        List.of(new SubstituteLoss("PIZZA-B", 30, 24, 6), new SubstituteLoss("PIZZA-C", 10, 8, 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void storedStrategiesCarryTheWhatIfMarginEffectsOfTheRestOfThePromotion(String kind)
      throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database(kind);
    // Written up to the alert's evidence end only: later sales are not yet known to the stream.
    SalesFixture.generate(fixture.from, WINDOW_END, 11).writeTo(jdbi);
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO promotion (promotion_id, sku, promo_price_cents, regular_price_cents,"
                    + " starts_at, ends_at, status, created_by, created_at, updated_at) VALUES"
                    + " ('P-A', 'PIZZA-A', 419, 599, ?, ?, 'ACTIVE', 'maria', ?, ?)",
                Timestamp.from(DAY.plus(Duration.ofHours(10))),
                Timestamp.from(PROMOTION_END),
                Timestamp.from(DAY),
                Timestamp.from(DAY)));
    AlertDao dao = jdbi.onDemand(AlertDao.class);
    Clock clock = Clock.fixed(WINDOW_END, ZoneOffset.UTC);
    new AlertActivitiesImpl(dao, e -> {}, new DeterministicAnalyst(), clock).persistAlert(alert());
    AllStoresSales sales = new AllStoresSales(jdbi, null);
    DeterministicAnalyst analyst =
        new DeterministicAnalyst(
            new WhatIfStrategyEffects(() -> Optional.of(model), sales::read, dao::findPromotionEnd));

    new AnalysisActivitiesImpl(dao, analyst, null, clock).analyseDeterministically(alert(), null);

    assertThat(dao.findPromotionEnd("P-A")).contains(PROMOTION_END);
    assertThat(dao.findPromotionEnd("P-none")).isEmpty();
    // The API's what-if over the same period (12:00 to the promotion's end at 14:00, at $4.19)
    // on the sales the stream wrote, which are the fixture's.
    Instant from = HOUR.floor(WINDOW_END);
    Instant contextFrom = from.minus(HOUR.length().multipliedBy(model.spec().levelLookbackBuckets()));
    var rows = sales.read(contextFrom, from, "FROZEN");
    assertThat(rows).allMatch(o -> o.category().equals("FROZEN"));
    assertThat(rows.stream().mapToDouble(o -> o.units()).sum())
        .isEqualTo(
            fixture.hourly(contextFrom, from).stream()
                .filter(o -> o.category().equals("FROZEN"))
                .mapToDouble(o -> o.units())
                .sum());
    SalesHistory context = SalesHistory.of(HOUR, rows);
    Interval kept =
        new WhatIfForecaster(model)
            .forecast(
                context,
                new WhatIfForecaster.Request("P-A", "PIZZA-A", "*", 419, false, false, from, PROMOTION_END))
            .estimate()
            .netMarginCents();
    assertThat(
            number(
                jdbi,
                "SELECT expected_margin_change_cents FROM recommended_strategy"
                    + " WHERE action_type = 'STOP_PROMOTION'"))
        .isEqualTo(Math.round(-kept.estimate()));
    // The interval is stored as numbers too: stopping is the kept promotion's margin negated.
    assertThat(
            number(
                jdbi,
                "SELECT expected_margin_change_lower_cents FROM recommended_strategy"
                    + " WHERE action_type = 'STOP_PROMOTION'"))
        .isEqualTo(Math.round(-kept.upper()));
    assertThat(
            number(
                jdbi,
                "SELECT expected_margin_change_upper_cents FROM recommended_strategy"
                    + " WHERE action_type = 'STOP_PROMOTION'"))
        .isEqualTo(Math.round(-kept.lower()));
    assertThat(
            number(
                jdbi,
                "SELECT COUNT(*) FROM recommended_strategy WHERE action_type = 'ADJUST_PRICE'"
                    + " AND expected_margin_change_lower_cents < expected_margin_change_cents"
                    + " AND expected_margin_change_cents < expected_margin_change_upper_cents"))
        .isEqualTo(1L);
    assertThat(
            number(
                jdbi,
                "SELECT COUNT(*) FROM recommended_strategy WHERE action_type = 'DISMISS'"
                    + " AND expected_margin_change_lower_cents IS NULL"))
        .isEqualTo(1L);
    assertThat(
            number(
                jdbi,
                "SELECT new_price_cents FROM recommended_strategy WHERE action_type = 'ADJUST_PRICE'"))
        .isEqualTo(509L);
    List<String> rationales =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT rationale FROM recommended_strategy ORDER BY rank")
                    .mapTo(String.class)
                    .list());
    rationales.forEach(r -> System.out.println("[whatif-strategy] " + kind + ": " + r));
    assertThat(rationales)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r).contains("basis: what-if forecast of model m-db"));
    assertThat(rationales)
        .anySatisfy(r -> assertThat(r).contains("the rest of the promotion, to its end " + PROMOTION_END));
  }

  private static Long number(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
