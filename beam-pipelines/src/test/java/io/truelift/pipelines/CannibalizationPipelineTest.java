package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.core.contracts.WindowedStat;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.model.SubCategoryWindow;
import io.truelift.pipelines.transforms.DetectCannibalization;
import io.truelift.pipelines.transforms.ParseShoppingEvents;
import io.truelift.pipelines.transforms.SumSalesBySubCategory;
import io.truelift.pipelines.transforms.ToWindowedStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The composed transforms on the DirectRunner with bounded input. */
class CannibalizationPipelineTest {
  private static final BaselineProfile PROFILE = BaselineProfile.fromEvents(Fixtures.history());

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
  }

  private static PCollection<ShoppingEvent> timestamped(Pipeline p, List<ShoppingEvent> events) {
    return p.apply(Create.of(events).withCoder(SerializableCoder.of(ShoppingEvent.class)))
        .apply(WithTimestamps.of((ShoppingEvent e) -> new Instant(e.eventTime().toEpochMilli())))
        .setCoder(SerializableCoder.of(ShoppingEvent.class));
  }

  @Test
  void invalidEventsGoToDeadLettersWithTheirReason() {
    Pipeline p = pipeline();
    String valid =
        EventJson.encode(Fixtures.event("e1", "PIZZA-PEP", Fixtures.LIVE_START, 1, null));
    String badUnits = valid.replace("\"units\":1", "\"units\":-3");
    PCollectionTuple out =
        p.apply(Create.of(valid, badUnits, "not json").withCoder(StringUtf8Coder.of()))
            .apply(new ParseShoppingEvents("shopping-events"));
    PAssert.that(out.get(ParseShoppingEvents.PARSED)).satisfies(
        events -> {
          assertThat(events).extracting(ShoppingEvent::eventId).containsExactly("e1");
          return null;
        });
    PAssert.that(out.get(ParseShoppingEvents.DEAD_LETTERS)).satisfies(
        dead -> {
          List<DeadLetter> all = new ArrayList<>();
          dead.forEach(all::add);
          assertThat(all).extracting(DeadLetter::field).containsExactlyInAnyOrder("units", "$");
          assertThat(all).extracting(DeadLetter::reason)
              .anySatisfy(r -> assertThat(r).isEqualTo("units must be > 0, got -3"));
          assertThat(all).extracting(DeadLetter::rawPayload).contains(badUnits, "not json");
          return null;
        });
    p.run().waitUntilFinish();
  }

  @Test
  void windowsSumUnitsAndRevenuePerProductAndFillZeros() {
    Pipeline p = pipeline();
    List<ShoppingEvent> events =
        List.of(
            Fixtures.event("a", "PIZZA-PEP", Fixtures.LIVE_START.plusSeconds(5), 2, null),
            Fixtures.event("b", "PIZZA-PEP", Fixtures.LIVE_START.plusSeconds(50), 1, null),
            Fixtures.event("c", "PIZZA-PEP", Fixtures.LIVE_START.plusSeconds(65), 1, null));
    PCollection<WindowedStat> stats =
        timestamped(p, events)
            .apply(new SumSalesBySubCategory(
                org.joda.time.Duration.standardMinutes(1), org.joda.time.Duration.ZERO))
            .apply(new ToWindowedStats(PROFILE));
    PAssert.that(stats.apply(Filter.by((WindowedStat s) -> s.sku().equals("PIZZA-PEP"))))
        .satisfies(
            it -> {
              List<WindowedStat> all = new ArrayList<>();
              it.forEach(all::add);
              all.sort((x, y) -> x.windowStart().compareTo(y.windowStart()));
              assertThat(all).extracting(WindowedStat::units).containsExactly(3L, 1L);
              assertThat(all).extracting(WindowedStat::revenueCents).containsExactly(1500L, 500L);
              assertThat(all.get(0).baselineUnits()).isPositive();
              return null;
            });
    // The three other pizzas sold nothing in either window: zero rows, not missing rows.
    PAssert.that(stats.apply(Filter.by((WindowedStat s) -> s.units() == 0))).satisfies(
        it -> {
          List<WindowedStat> zeros = new ArrayList<>();
          it.forEach(zeros::add);
          assertThat(zeros).hasSize(6);
          return null;
        });
    p.run().waitUntilFinish();
  }

  @Test
  void pipelineAlertsOnceForCannibalizationAndNotForTheLoneItemEvenWhenInputIsReplayed() {
    List<ShoppingEvent> live = new ArrayList<>();
    live.addAll(Fixtures.sales(Fixtures.LIVE_START, Duration.ofHours(5), "PIZZA-4CH", "P-HIGH", 2.5, 0.65, 5));
    live.addAll(Fixtures.sales(Fixtures.LIVE_START, Duration.ofHours(5), "FLOSS", "P-NONE", 3.0, 1.0, 6)
        .stream().filter(e -> e.sku().equals("FLOSS")).toList());
    List<ShoppingEvent> replayed = new ArrayList<>(live);
    replayed.addAll(live); // the same events delivered twice
    Collections.shuffle(replayed, new java.util.Random(1));

    Pipeline p = pipeline();
    PCollection<SubCategoryWindow> windows =
        timestamped(p, replayed)
            .apply(new SumSalesBySubCategory(
                org.joda.time.Duration.standardMinutes(1), org.joda.time.Duration.ZERO));
    PCollection<CannibalizationAlert> alerts =
        DetectCannibalization.inputs(
                windows,
                p.apply(Create.empty(SerializableCoder.of(io.truelift.core.contracts.MarketEvent.class))))
            .apply(
                new DetectCannibalization(
                    PROFILE, DetectionSettings.defaults(), org.joda.time.Duration.ZERO))
            .get(DetectCannibalization.ALERTS);
    PAssert.that(alerts).satisfies(
        it -> {
          List<CannibalizationAlert> all = new ArrayList<>();
          it.forEach(all::add);
          assertThat(all).extracting(CannibalizationAlert::alertId).containsExactly("P-HIGH-e1");
          CannibalizationAlert a = all.get(0);
          assertThat(a.promotionId()).isEqualTo("P-HIGH");
          // Injected: the three other pizzas sell 35% below 1.9 purchases (units) a minute. The
          // duplicates must not count twice, or the actual units would exceed the baseline.
          long minutes = Duration.between(a.windowStart(), a.windowEnd()).toMinutes();
          double injected = 0.35 * 1.9 * minutes;
          assertThat(a.cannibalizedUnits()).isCloseTo(injected, within(0.5 * injected));
          assertThat(a.detectedAt()).isEqualTo(a.windowEnd());
          return null;
        });
    p.run().waitUntilFinish();
  }

  @Test
  void lateEventsWithinAllowedLatenessCorrectTheWindowAndLaterOnesAreDropped() {
    java.time.Instant t = Fixtures.LIVE_START;
    ShoppingEvent first = Fixtures.event("a", "PIZZA-PEP", t.plusSeconds(5), 2, null);
    TestStream<ShoppingEvent> input =
        TestStream.create(SerializableCoder.of(ShoppingEvent.class))
            .advanceWatermarkTo(at(t))
            .addElements(
                stamped(first), stamped(Fixtures.event("b", "PIZZA-PEP", t.plusSeconds(50), 1, null)))
            .advanceWatermarkTo(at(t.plusSeconds(70)))
            // Late by 40 s, within the 1-minute lateness; the replayed "a" must not count again.
            .addElements(
                stamped(Fixtures.event("c", "PIZZA-PEP", t.plusSeconds(20), 4, null)),
                stamped(first))
            .advanceWatermarkTo(at(t.plusSeconds(180)))
            // Past the window's end plus lateness: dropped.
            .addElements(stamped(Fixtures.event("d", "PIZZA-PEP", t.plusSeconds(40), 7, null)))
            .advanceWatermarkToInfinity();
    Pipeline p = pipeline();
    PCollection<WindowedStat> pep =
        p.apply(input)
            .apply(new SumSalesBySubCategory(
                org.joda.time.Duration.standardMinutes(1), org.joda.time.Duration.standardMinutes(1)))
            .apply(new ToWindowedStats(PROFILE))
            .apply(Filter.by((WindowedStat s) -> s.sku().equals("PIZZA-PEP")));
    IntervalWindow window = new IntervalWindow(at(t), at(t.plusSeconds(60)));
    PAssert.that(pep).inOnTimePane(window).satisfies(
        it -> {
          assertThat(it).extracting(WindowedStat::units).containsExactly(3L);
          return null;
        });
    // The late pane repeats the whole window (panes accumulate), so it replaces the first one.
    PAssert.that(pep).inLatePane(window).satisfies(
        it -> {
          assertThat(it).extracting(WindowedStat::units).containsExactly(7L);
          assertThat(it).extracting(WindowedStat::revenueCents).containsExactly(3500L);
          return null;
        });
    p.run().waitUntilFinish();
  }

  private static Instant at(java.time.Instant t) {
    return new Instant(t.toEpochMilli());
  }

  private static TimestampedValue<ShoppingEvent> stamped(ShoppingEvent e) {
    return TimestampedValue.of(e, at(e.eventTime()));
  }
}
