package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.AlertMessage;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.pipelines.transforms.SuppressPublishedAlerts;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/** The streaming pipeline over TestStreams of both topics, on the DirectRunner. */
class StreamingDetectionTest {
  private static PipelineOptions direct() {
    return PipelineOptionsFactory.create();
  }

  @Test
  void onTimeDataRaisesOneAlertAndDuplicatesCountOnce() {
    DetectionScenarios.onTimeAlertOnceDespiteDuplicates(direct());
  }

  @Test
  void lateDataCorrectsTheWindowAndRetractsTheAlertAndTooLateDataIsDroppedAndCounted() {
    StreamingScenarios.Run run = DetectionScenarios.lateDataRetractsTheAlertAndTooLateDataIsDropped(direct());
    // The DirectRunner delivers the on-time result before the late pane: raised, then retracted.
    assertThat(run.alerts()).extracting(CannibalizationAlert::alertId).containsExactly("P-1-e1");
    assertThat(run.alerts().get(0).detectedAt()).isEqualTo(StreamingScenarios.minute(4));
    assertThat(run.retractions()).extracting(r -> r.alertId()).containsExactly("P-1-e1");

    // The alerts topic carries both, keyed by the alert id: the alert, then its retraction.
    CannibalizationAlert alert = run.alerts().get(0);
    AlertRetraction retraction = run.retractions().get(0);
    assertThat(run.alertMessages()).containsExactly(alert, retraction);
    String json = EventJson.encode(run.alertMessages().get(1));
    assertThat(json).contains("\"type\":\"RETRACTION\"");
    assertThat(AlertMessage.decode(json)).isEqualTo(retraction);
    assertThat(AlertMessage.decode(EventJson.encode(alert))).isEqualTo(alert);
    assertThat(retraction.promotionId()).isEqualTo("P-1");
    assertThat(retraction.windowStart()).isEqualTo(alert.windowStart());
    // Decided by the late pane of 09:03-09:04: the correction's event time, not the wall clock.
    assertThat(retraction.retractedAt()).isEqualTo(StreamingScenarios.minute(4));
    assertThat(retraction.windowEnd()).isEqualTo(retraction.retractedAt());
    assertThat(retraction.reason()).contains("P-1").contains("no longer fires");
  }

  @Test
  void promotionStartingAndStoppingInsideAWindowLastsThatWindow() {
    DetectionScenarios.promotionStartingAndStoppingInsideAWindow(direct());
  }

  @Test
  void twoConcurrentPromotionsInOneCategoryShareTheirSubstitutes() {
    DetectionScenarios.twoConcurrentPromotionsInOneCategory(direct());
  }

  @Test
  void invalidEventsEndInTheDeadLettersWithTheirReasons() {
    DetectionScenarios.invalidEventsEndInTheDeadLetters(direct());
  }

  @Test
  void replayGivesTheSameAlertsAndARestartPublishesNothingAgain() {
    List<ShoppingEvent> sales = StreamingScenarios.silentSubstitutes("PIZZA-4CH", "P-1", 0, 8, 3, "");
    StreamingScenarios.Run first =
        StreamingScenarios.run(direct(), StreamingScenarios.sensitiveOptions(), DetectionScenarios.stream(sales, 8));
    StreamingScenarios.Run replay =
        StreamingScenarios.run(direct(), StreamingScenarios.sensitiveOptions(), DetectionScenarios.stream(sales, 8));
    assertThat(first.alerts()).hasSize(1);
    assertThat(replay.alerts()).as("same id, same figures").isEqualTo(first.alerts());

    // A restart re-reads the topic and decides the same alert: the topic already holds it.
    Map<String, Set<String>> published =
        first.alerts().stream()
            .collect(Collectors.toMap(CannibalizationAlert::alertId, a -> Set.of(EventJson.encode(a))));
    Pipeline p = Pipeline.create(direct());
    var again =
        p.apply(Create.of(replay.alerts()).withCoder(SerializableCoder.of(CannibalizationAlert.class)))
            .apply(new SuppressPublishedAlerts<>(published));
    PAssert.that(again).empty();
    var result = p.run();
    result.waitUntilFinish();
    assertThat(PipelineMetrics.get(result, PipelineMetrics.ALERTS_ALREADY_PUBLISHED)).isEqualTo(1);
  }

  @Test
  void aRestartAfterARetractionPublishesNeitherTheAlertNorItsRetractionAgain() {
    StreamingScenarios.Run first = DetectionScenarios.lateDataRetractsTheAlertAndTooLateDataIsDropped(direct());
    // The topic as the first run left it: every message under its key, the retraction last.
    Map<String, Set<String>> published = new HashMap<>();
    first.alertMessages()
        .forEach(m -> published.computeIfAbsent(m.alertId(), k -> new HashSet<>()).add(EventJson.encode(m)));
    CannibalizationAlert changed = DetectionScenarios.withCannibalizedUnits(first.alerts().get(0), 1.0);
    Pipeline p = Pipeline.create(direct());
    var alerts =
        p.apply("Alerts", Create.of(first.alerts().get(0), changed).withCoder(SerializableCoder.of(CannibalizationAlert.class)))
            .apply("SuppressAlerts", new SuppressPublishedAlerts<>(published));
    var retractions =
        p.apply("Retractions", Create.of(first.retractions()).withCoder(SerializableCoder.of(AlertRetraction.class)))
            .apply("SuppressRetractions", new SuppressPublishedAlerts<>(published));
    PAssert.that(alerts).containsInAnyOrder(changed);
    PAssert.that(retractions).empty();
    p.run().waitUntilFinish();
  }
}
