package io.truelift.pipelines;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.core.contracts.WindowedStat;
import io.truelift.model.BaselineModel;
import io.truelift.pipelines.model.Baseline;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.model.ModelBaseline;
import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.model.SubCategoryWindow;
import io.truelift.pipelines.options.CannibalizationOptions;
import io.truelift.pipelines.transforms.DetectCannibalization;
import io.truelift.pipelines.transforms.KafkaTopics;
import io.truelift.pipelines.transforms.ParseShoppingEvents;
import io.truelift.pipelines.transforms.SumSalesBySubCategory;
import io.truelift.pipelines.transforms.ToWindowedStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The detection pipeline: shopping events from Kafka (or a JSONL file in batch mode) are
 * validated, summed per product in event-time windows with their baseline, and tested per
 * sub-category for cannibalization; windowed stats, alerts and dead letters are written back to
 * Kafka (or to files).
 */
public final class CannibalizationPipeline {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CannibalizationPipeline.class);

  private CannibalizationPipeline() {}

  public static void main(String[] args) throws IOException {
    PipelineOptionsFactory.register(CannibalizationOptions.class);
    CannibalizationOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(CannibalizationOptions.class);
    Baseline profile = baseline(options);
    LOG.info("Baseline: {}", profile.description());
    Pipeline p = Pipeline.create(options);
    buildPipeline(p, options, profile);
    p.run().waitUntilFinish();
  }

  /**
   * The trained model (registry or model directory) with the history as its recent-level context;
   * the walking skeleton's BaselineProfile only when neither is configured.
   */
  static Baseline baseline(CannibalizationOptions o) throws IOException {
    Path history = Path.of(o.getHistoryFile());
    if (o.getModelRegistryUrl() != null && !o.getModelRegistryUrl().isBlank()) {
      if (o.getModelPollSeconds() <= 0) {
        throw new IllegalArgumentException("modelPollSeconds must be > 0, got " + o.getModelPollSeconds());
      }
      ModelBaseline b =
          ModelBaseline.fromHistory(
              new ModelBaseline.RegistryModel(
                  o.getModelRegistryUrl(), o.getModelRegistryUser(), o.getModelRegistryPassword(),
                  o.getModelPollSeconds()),
              history, Map.of(), List.of());
      b.model(); // fail fast: no active model is a configuration error, not a runtime one
      return b;
    }
    if (o.getModelDir() != null && !o.getModelDir().isBlank()) {
      return ModelBaseline.fromHistory(
          new ModelBaseline.FixedModel(BaselineModel.load(Path.of(o.getModelDir()))), history, Map.of(), List.of());
    }
    LOG.warn("No --modelRegistryUrl or --modelDir: using the FALLBACK BaselineProfile, not the trained model");
    return BaselineProfile.fromHistory(history);
  }

  static DetectionSettings settings(CannibalizationOptions o) {
    if (o.getAllowedLatenessMinutes() < 0) {
      throw new IllegalArgumentException(
          "allowedLatenessMinutes must be >= 0, got " + o.getAllowedLatenessMinutes());
    }
    if (o.getMaxOutOfOrderSeconds() < 0) {
      throw new IllegalArgumentException(
          "maxOutOfOrderSeconds must be >= 0, got " + o.getMaxOutOfOrderSeconds());
    }
    return new DetectionSettings(
        java.time.Duration.ofMinutes(o.getWindowMinutes()),
        java.time.Duration.ofMinutes(o.getPromotionIdleMinutes()),
        o.getCusumMaterialLoss(),
        o.getCusumThreshold(),
        o.getMinExpectedSubstituteUnits(),
        o.getMinCannibalizedUnits(),
        o.getMinCannibalizationRate(),
        o.getFalseAlarmRate(),
        java.time.Duration.ofMinutes(o.getFalseAlarmHorizonMinutes()),
        o.getMinLostMarginCents(),
        java.time.Duration.ofMinutes(o.getPostPeriodMinutes()),
        o.getMinSubstituteShortfall());
  }

  static void buildPipeline(Pipeline p, CannibalizationOptions o, Baseline profile) {
    DetectionSettings settings = settings(o);
    boolean batch = o.getInputFile() != null;
    PCollection<String> raw =
        batch
            ? p.apply("ReadShoppingEventFiles", TextIO.read().from(o.getInputFile()))
            : p.apply(
                "ReadShoppingEvents",
                KafkaTopics.read(
                    o.getBootstrapServers(),
                    o.getShoppingEventsTopic(),
                    Duration.standardSeconds(o.getMaxOutOfOrderSeconds())));
    PCollectionTuple parsed =
        raw.apply("ParseShoppingEvents", new ParseShoppingEvents(o.getShoppingEventsTopic()));
    PCollection<ShoppingEvent> events = parsed.get(ParseShoppingEvents.PARSED);
    if (batch) {
      events =
          events
              .apply(
                  "StampEventTime",
                  WithTimestamps.of((ShoppingEvent e) -> new Instant(e.eventTime().toEpochMilli())))
              .setCoder(SerializableCoder.of(ShoppingEvent.class));
    }
    PCollection<SubCategoryWindow> windows =
        events.apply(
            "SumSalesBySubCategory",
            new SumSalesBySubCategory(
                Duration.standardMinutes(o.getWindowMinutes()),
                Duration.standardMinutes(o.getAllowedLatenessMinutes())));
    PCollection<WindowedStat> stats = windows.apply("ToWindowedStats", new ToWindowedStats(profile));
    PCollection<CannibalizationAlert> alerts =
        windows.apply(
            "DetectCannibalization",
            new DetectCannibalization(
                profile, settings, Duration.standardMinutes(o.getAllowedLatenessMinutes())));
    PCollection<DeadLetter> deadLetters = parsed.get(ParseShoppingEvents.DEAD_LETTERS);

    if (batch) {
      writeJsonl(stats, "WriteWindowedStatsFile", o.getOutputDir() + "/windowed-stats");
      writeJsonl(alerts, "WriteAlertsFile", o.getOutputDir() + "/alerts");
      writeJsonl(deadLetters, "WriteDeadLettersFile", o.getOutputDir() + "/dead-letters");
    } else {
      stats.apply(
          "WriteWindowedStats",
          KafkaTopics.write(o.getBootstrapServers(), o.getWindowedStatsTopic(), WindowedStat::sku));
      alerts.apply(
          "WriteAlerts",
          KafkaTopics.write(o.getBootstrapServers(), o.getAlertsTopic(), CannibalizationAlert::alertId));
      deadLetters.apply(
          "WriteDeadLetters",
          KafkaTopics.write(o.getBootstrapServers(), o.getDeadLetterTopic(), DeadLetter::sourceTopic));
    }
  }

  private static <T> void writeJsonl(PCollection<T> events, String name, String prefix) {
    // Batch outputs are small: one file each, across all windows.
    events
        .apply(name + "Encode", MapElements.into(TypeDescriptors.strings()).via(EventJson::encode))
        .apply(name + "Global", Window.<String>into(new GlobalWindows()))
        .apply(name, TextIO.write().to(prefix).withSuffix(".jsonl").withoutSharding());
  }
}
