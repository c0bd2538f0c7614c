package io.truelift.pipelines;

import static io.truelift.pipelines.StreamingScenarios.market;
import static io.truelift.pipelines.StreamingScenarios.minute;
import static io.truelift.pipelines.StreamingScenarios.sensitiveOptions;
import static io.truelift.pipelines.StreamingScenarios.silentSubstitutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.MarketEventType;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.core.contracts.Topics;
import io.truelift.core.contracts.WindowedStat;
import io.truelift.pipelines.StreamingScenarios.Run;
import io.truelift.pipelines.StreamingScenarios.Stream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The streaming scenarios of the detection pipeline, each run on the runner it is given (the
 * DirectRunner in {@code StreamingDetectionTest}, Flink [local] in {@code FlinkRunnerIT}).
 *
 * <p>Numbers: the three pizza substitutes of PIZZA-4CH sell 1.9 purchases a minute at baseline;
 * with rho = 0.15 every silent minute adds 0.15 x 1.9 = 0.285 to the CUSUM, so with the threshold
 * 1.0 and 5-unit minimums the fourth silent minute raises the alert.
 */
final class DetectionScenarios {
  private DetectionScenarios() {}

  /** On-time data decides; every event delivered twice (a replay) counts once. */
  static void onTimeAlertOnceDespiteDuplicates(PipelineOptions runner) {
    List<ShoppingEvent> sales = silentSubstitutes("PIZZA-4CH", "P-1", 0, 8, 3, "a-");
    List<ShoppingEvent> twice = new ArrayList<>(sales);
    twice.addAll(sales);
    Collections.shuffle(twice, new java.util.Random(7));
    Run run = StreamingScenarios.run(runner, sensitiveOptions(), stream(twice, 8));
    assertThat(run.alerts()).extracting(CannibalizationAlert::alertId).containsExactly("P-1-e1");
    CannibalizationAlert a = run.alerts().get(0);
    // Decided by the on-time pane of 09:03-09:04, the fourth silent minute.
    assertThat(a.detectedAt()).isEqualTo(minute(4));
    // Duplicates counted once: 3 promoted units a minute against a 0.6 baseline.
    assertThat(a.grossLiftUnits()).isBetween(4 * 2.4 * 0.8, 4 * 2.4 * 1.2);
    assertThat(run.metric(PipelineMetrics.EVENTS)).isEqualTo(twice.size());
    assertThat(run.metric(PipelineMetrics.ALERTS)).isEqualTo(1);
    assertThat(run.metric(PipelineMetrics.LATE)).isZero();
    assertThat(PipelineMetrics.dropped(run.result())).isZero();
  }

  /**
   * The on-time data of minute 4 decide an alert; late substitute sales for that minute (within
   * the allowed lateness) undo it and correct the window's stats; an event later than the
   * lateness is dropped and counted. It needs a runner that moves the watermark exactly as the
   * TestStream scripts it: the DirectRunner does; the Flink runner does not (its TestStream source
   * emits the script's watermarks, but they reach the windowing step behind the elements that
   * follow them, so the scripted "late" events arrive on time there).
   */
  static Run lateDataRetractsTheAlertAndTooLateDataIsDropped(PipelineOptions runner) {
    List<ShoppingEvent> late = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      late.add(Fixtures.event("late-" + i, "PIZZA-PEP", minute(3.5), 1, null));
    }
    ShoppingEvent tooLate = Fixtures.event("too-late", "PIZZA-PEP", minute(1.5), 1, null);
    Stream s = new Stream().watermark(minute(0));
    s.market(market("m-start", MarketEventType.PROMOTION_STARTED, "P-1", "PIZZA-4CH", minute(0), 350L));
    s.sales(silentSubstitutes("PIZZA-4CH", "P-1", 0, 4, 3, "")).watermark(minute(4));
    // Within the lateness of 09:03-09:04 (closed at 09:04, final at 09:05).
    s.sales(late).sales(silentSubstitutes("PIZZA-4CH", null, 4, 5, 1, ""));
    s.market(market("m-stop", MarketEventType.PROMOTION_STOPPED, "P-1", "PIZZA-4CH", minute(4), null));
    s.watermark(minute(4.5)).watermark(minute(10));
    s.sales(List.of(tooLate)); // 09:01:30, eight minutes after its window's lateness ran out
    Run run = StreamingScenarios.run(runner, sensitiveOptions(), s.end());

    List<String> standing = new ArrayList<>(run.alerts().stream().map(CannibalizationAlert::alertId).toList());
    run.retractions().forEach(r -> standing.remove(r.alertId()));
    assertThat(standing).as("alerts left after the retractions").isEmpty();
    assertThat(run.metric(PipelineMetrics.ALERTS_RETRACTED)).isEqualTo(run.retractions().size());
    assertThat(run.metric(PipelineMetrics.LATE)).isEqualTo(10);
    assertThat(PipelineMetrics.dropped(run.result())).isEqualTo(1);
    // The window's stats were corrected: its last pane carries the late units.
    assertThat(maxUnits(run.stats(), "PIZZA-PEP", minute(3))).isEqualTo(10);
    assertThat(maxUnits(run.stats(), "PIZZA-PEP", minute(1))).as("the too-late sale is not counted").isZero();
    return run;
  }

  /**
   * A promotion started and stopped on {@code market_events} inside one window lasts that window;
   * the same sales without the stop (the promotion still running) raise the alert.
   */
  static void promotionStartingAndStoppingInsideAWindow(PipelineOptions runner) {
    List<ShoppingEvent> sales = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sales.add(Fixtures.event("p-" + i, "PIZZA-4CH", minute(0.3 + 0.1 * i), 1, "P-1"));
    }
    sales.addAll(silentSubstitutes("PIZZA-4CH", null, 1, 12, 1, ""));
    Run stopped =
        StreamingScenarios.run(runner, sensitiveOptions(), marketStream(sales, 12,
            market("m-start", MarketEventType.PROMOTION_STARTED, "P-1", "PIZZA-4CH", minute(10 / 60.0), 350L),
            market("m-stop", MarketEventType.PROMOTION_STOPPED, "P-1", "PIZZA-4CH", minute(50 / 60.0), null)));
    assertThat(stopped.alerts()).isEmpty();
    assertThat(stopped.metric(PipelineMetrics.MARKET_EVENTS)).isEqualTo(2);

    Run running =
        StreamingScenarios.run(runner, sensitiveOptions(), marketStream(sales, 12,
            market("m-start", MarketEventType.PROMOTION_STARTED, "P-1", "PIZZA-4CH", minute(10 / 60.0), 350L)));
    assertThat(running.alerts()).extracting(CannibalizationAlert::alertId).containsExactly("P-1-e1");
  }

  /** Two promotions of one sub-category at once: each alert leaves the other's item out. */
  static void twoConcurrentPromotionsInOneCategory(PipelineOptions runner) {
    List<ShoppingEvent> sales = new ArrayList<>();
    sales.addAll(silentSubstitutes("PIZZA-4CH", "P-A", 0, 20, 3, "a-"));
    sales.addAll(silentSubstitutes("PIZZA-PEP", "P-B", 0, 20, 3, "b-").stream()
        .filter(e -> e.sku().equals("PIZZA-PEP")).toList());
    Run run = StreamingScenarios.run(runner, sensitiveOptions(), marketStream(sales, 20,
        market("m-a", MarketEventType.PROMOTION_STARTED, "P-A", "PIZZA-4CH", minute(0), 350L),
        market("m-b", MarketEventType.PROMOTION_STARTED, "P-B", "PIZZA-PEP", minute(0), 350L)));
    Map<String, CannibalizationAlert> byId =
        run.alerts().stream().collect(Collectors.toMap(CannibalizationAlert::alertId, Function.identity()));
    assertThat(byId).containsOnlyKeys("P-A-e1", "P-B-e1");
    assertThat(byId.get("P-A-e1").substitutes()).extracting(SubstituteLoss::sku)
        .containsExactlyInAnyOrder("PIZZA-SUP", "PIZZA-PB");
    assertThat(byId.get("P-B-e1").substitutes()).extracting(SubstituteLoss::sku)
        .containsExactlyInAnyOrder("PIZZA-SUP", "PIZZA-PB");
    // SUP and PB (1.1 a minute) are shared, not counted twice: together the two alerts claim no
    // more than the loss up to the later alert, each a fair part of it.
    long minutes = java.time.Duration.between(minute(0),
        byId.values().stream().map(CannibalizationAlert::detectedAt).max(java.time.Instant::compareTo).orElseThrow()).toMinutes();
    double total = byId.values().stream().mapToDouble(CannibalizationAlert::cannibalizedUnits).sum();
    assertThat(total).isLessThanOrEqualTo(1.1 * minutes * 1.15);
    for (CannibalizationAlert a : byId.values()) {
      long own = java.time.Duration.between(minute(0), a.detectedAt()).toMinutes();
      assertThat(a.cannibalizedUnits()).as(a.alertId()).isGreaterThan(0.3 * 1.1 * own);
    }
  }

  /** Invalid shopping and market events end in the dead letters with the field and the reason. */
  static void invalidEventsEndInTheDeadLetters(PipelineOptions runner) {
    String valid = EventJson.encode(Fixtures.event("ok", "PIZZA-PEP", minute(0.5), 1, null));
    String badUnits = valid.replace("\"units\":1", "\"units\":-3");
    String unknownSku =
        EventJson.encode(market("m-x", MarketEventType.PROMOTION_STARTED, "P-X", "PIZZA-4CH", minute(0.2), 350L))
            .replace("PIZZA-4CH", "NO-SUCH-SKU");
    String noPrice =
        EventJson.encode(market("m-y", MarketEventType.PROMOTION_STARTED, "P-Y", "PIZZA-4CH", minute(0.2), 350L))
            .replace("\"promoPriceCents\":350", "\"promoPriceCents\":null");
    Stream s = new Stream().watermark(minute(0))
        .raw(Topics.SHOPPING_EVENTS, valid, minute(0.5))
        .raw(Topics.SHOPPING_EVENTS, badUnits, minute(0.5))
        .raw(Topics.SHOPPING_EVENTS, "not json", minute(0.5))
        .raw(Topics.MARKET_EVENTS, unknownSku, minute(0.2))
        .raw(Topics.MARKET_EVENTS, noPrice, minute(0.2));
    Run run = StreamingScenarios.run(runner, sensitiveOptions(), s.end());
    assertThat(run.deadLetters()).extracting(DeadLetter::sourceTopic, DeadLetter::field, DeadLetter::reason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Topics.SHOPPING_EVENTS, "units", "units must be > 0, got -3"),
            org.assertj.core.groups.Tuple.tuple(Topics.SHOPPING_EVENTS, "$", deadReason(run, "not json")),
            org.assertj.core.groups.Tuple.tuple(Topics.MARKET_EVENTS, "sku", "sku must be a product of the catalog, got \"NO-SUCH-SKU\""),
            org.assertj.core.groups.Tuple.tuple(Topics.MARKET_EVENTS, "promoPriceCents", deadReason(run, noPrice)));
    assertThat(run.deadLetters()).extracting(DeadLetter::rawPayload)
        .containsExactlyInAnyOrder(badUnits, "not json", unknownSku, noPrice);
    assertThat(run.metric(PipelineMetrics.INVALID)).isEqualTo(4);
    assertThat(run.metric(PipelineMetrics.EVENTS)).isEqualTo(1);
  }

  private static String deadReason(Run run, String raw) {
    return run.deadLetters().stream().filter(d -> d.rawPayload().equals(raw)).findFirst().orElseThrow().reason();
  }

  /** Sales in minute-sized steps with the watermark following them. */
  static org.apache.beam.sdk.testing.TestStream<org.apache.beam.sdk.values.KV<String, String>> stream(
      List<ShoppingEvent> sales, int minutes) {
    return marketStream(sales, minutes);
  }

  static org.apache.beam.sdk.testing.TestStream<org.apache.beam.sdk.values.KV<String, String>> marketStream(
      List<ShoppingEvent> sales, int minutes, io.truelift.core.contracts.MarketEvent... market) {
    Stream s = new Stream().watermark(minute(0));
    for (var m : market) {
      s.market(m);
    }
    for (int m = 0; m < minutes; m++) {
      java.time.Instant from = minute(m), to = minute(m + 1);
      s.sales(sales.stream().filter(e -> !e.eventTime().isBefore(from) && e.eventTime().isBefore(to)).toList());
      s.watermark(to);
    }
    return s.end();
  }

  /** {@code a} with other figures: a correction of the same alert. */
  static CannibalizationAlert withCannibalizedUnits(CannibalizationAlert a, double units) {
    return new CannibalizationAlert(a.schemaVersion(), a.alertId(), a.promotionId(), a.promotedSku(), a.category(),
        a.subCategory(), a.detectedAt(), a.windowStart(), a.windowEnd(), a.grossLiftUnits(), units,
        a.cannibalizationRate(), a.lostRevenueCents(), a.testStatistic(), a.severity(), a.substitutes());
  }

  static long maxUnits(List<WindowedStat> stats, String sku, java.time.Instant windowStart) {
    return stats.stream()
        .filter(st -> st.sku().equals(sku) && st.windowStart().equals(windowStart))
        .mapToLong(WindowedStat::units).max().orElse(0);
  }
}
