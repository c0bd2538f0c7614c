package io.truelift.pipelines;

import io.truelift.core.contracts.AlertMessage;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.core.contracts.WindowedStat;
import io.truelift.model.BaselineModel;
import io.truelift.pipelines.model.Baseline;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.model.ModelBaseline;
import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.model.SubCategoryWindow;
import io.truelift.pipelines.model.StoredCatalog;
import io.truelift.pipelines.options.CannibalizationOptions;
import io.truelift.pipelines.transforms.DetectCannibalization;
import io.truelift.pipelines.transforms.KafkaTopics;
import io.truelift.pipelines.transforms.ParseMarketEvents;
import io.truelift.pipelines.transforms.ParseShoppingEvents;
import io.truelift.pipelines.transforms.SumSalesBySubCategory;
import io.truelift.pipelines.transforms.ShoppingEventCoder;
import io.truelift.pipelines.transforms.SuppressPublishedAlerts;
import io.truelift.pipelines.transforms.ToWindowedStats;
import io.truelift.pipelines.transforms.WriteToBigQuery;
import io.truelift.pipelines.transforms.WriteToDatabase;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The detection pipeline: shopping events from Kafka (or a JSONL file in batch mode) are
 * validated, summed per product in event-time windows with their baseline, and tested per
 * sub-category for cannibalization; windowed stats, alerts (and their retractions) and dead letters
 * are written back to Kafka (or to files).
 */
public final class CannibalizationPipeline {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CannibalizationPipeline.class);

  /** Beam's scheme of local files. */
  private static final String LOCAL_SCHEME = "file";

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
   * The trained model (registry or model directory) with the history as its recent-level context,
   * and, from the database (the registry's, else {@code --jdbcUrl}), the substitution edges stored
   * with that model and the products' unit costs; the walking skeleton's BaselineProfile only when
   * no model is configured.
   */
  static Baseline baseline(CannibalizationOptions o) throws IOException {
    Path history = localHistory(o);
    if (o.getModelRegistryUrl() != null && !o.getModelRegistryUrl().isBlank()) {
      if (o.getModelPollSeconds() <= 0) {
        throw new IllegalArgumentException("modelPollSeconds must be > 0, got " + o.getModelPollSeconds());
      }
      ModelBaseline.RegistryModel model =
          new ModelBaseline.RegistryModel(
              o.getModelRegistryUrl(), o.getModelRegistryUser(), o.getModelRegistryPassword(),
              o.getModelPollSeconds());
      // fail fast: no active model is a configuration error, not a runtime one
      String modelId = model.current().modelId();
      StoredCatalog stored =
          StoredCatalog.load(o.getModelRegistryUrl(), o.getModelRegistryUser(), o.getModelRegistryPassword(), modelId);
      LOG.info("Catalog from the registry's database: {}", stored.description());
      // A model activated later comes with its own edges: they are read when it is first used.
      return ModelBaseline.fromHistory(model, history, stored.unitCostCents(), stored.edges().edges())
          .reloadingEdges(
              new StoredCatalog.StoredEdges(o.getModelRegistryUrl(), o.getModelRegistryUser(), o.getModelRegistryPassword()),
              modelId);
    }
    if (o.getModelDir() != null && !o.getModelDir().isBlank()) {
      ModelBaseline.SavedModel model = new ModelBaseline.SavedModel(Path.of(o.getModelDir()).toAbsolutePath().toString());
      if (o.getJdbcUrl() == null || o.getJdbcUrl().isBlank()) {
        LOG.warn("--modelDir without --jdbcUrl: no stored substitution edges, unit costs {} x regular price",
            ModelBaseline.DEFAULT_COST_SHARE);
        return ModelBaseline.fromHistory(model, history, Map.of(), List.of());
      }
      StoredCatalog stored =
          StoredCatalog.load(o.getJdbcUrl(), o.getJdbcUser(), o.getJdbcPassword(), model.current().modelId());
      LOG.info("Catalog from --jdbcUrl: {}", stored.description());
      return ModelBaseline.fromHistory(model, history, stored.unitCostCents(), stored.edges().edges());
    }
    LOG.warn("No --modelRegistryUrl or --modelDir: using the FALLBACK BaselineProfile, not the trained model");
    return BaselineProfile.fromHistory(history);
  }

  /**
   * The {@code --historyFile} as a local file, found through Beam's FileSystems so that any
   * registered filesystem works (gs:// on Dataflow): a local file is read in place, any other is
   * copied once to a temporary file (the history readers take a Path and read it more than once).
   */
  static Path localHistory(CannibalizationOptions o) throws IOException {
    FileSystems.setDefaultPipelineOptions(o);
    String spec = o.getHistoryFile();
    MatchResult.Metadata file;
    try {
      file = FileSystems.matchSingleFileSpec(spec);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("--historyFile=" + spec + " does not exist", e);
    } catch (IOException | IllegalArgumentException e) {
      // e.g. a pattern matching several files, or a scheme with no filesystem on the classpath
      throw new IllegalArgumentException("--historyFile=" + spec + " cannot be read: " + e.getMessage(), e);
    }
    if (LOCAL_SCHEME.equals(file.resourceId().getScheme())) {
      return Path.of(file.resourceId().toString());
    }
    return copyToLocal(file);
  }

  /** Copies a file of any registered filesystem to a temporary local file, deleted at exit. */
  static Path copyToLocal(MatchResult.Metadata file) throws IOException {
    Path copy = Files.createTempFile("truelift-history-", ".jsonl");
    copy.toFile().deleteOnExit();
    try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    LOG.info("History {} ({} bytes) copied to {}", file.resourceId(), file.sizeBytes(), copy);
    return copy;
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

  /** What detection produces, before any sink: the pipeline's outputs in one place for tests. */
  public record Outputs(
      PCollection<ShoppingEvent> events,
      PCollection<WindowedStat> stats,
      PCollection<CannibalizationAlert> alerts,
      PCollection<AlertRetraction> retractions,
      PCollection<DeadLetter> deadLetters) {}

  public static void buildPipeline(Pipeline p, CannibalizationOptions o, Baseline profile) {
    buildPipeline(p, o, profile, null);
  }

  /**
   * Sources, detection and sinks.
   *
   * @param bigQueryServices Beam's fake BigQuery services in tests, null for the real service
   */
  public static void buildPipeline(
      Pipeline p, CannibalizationOptions o, Baseline profile, BigQueryServices bigQueryServices) {
    boolean batch = o.getInputFile() != null;
    PCollection<String> raw;
    PCollection<String> market;
    if (batch) {
      raw = p.apply("ReadShoppingEventFiles", TextIO.read().from(o.getInputFile()));
      market =
          o.getMarketEventsFile() != null
              ? p.apply("ReadMarketEventFiles", TextIO.read().from(o.getMarketEventsFile()))
              : p.apply("NoMarketEvents", Create.empty(StringUtf8Coder.of()));
    } else {
      Duration delay = Duration.standardSeconds(o.getMaxOutOfOrderSeconds());
      raw = p.apply("ReadShoppingEvents", KafkaTopics.read(o.getBootstrapServers(), o.getShoppingEventsTopic(), delay));
      market = p.apply("ReadMarketEvents", KafkaTopics.readSparse(o.getBootstrapServers(), o.getMarketEventsTopic(), delay));
    }
    Outputs out = detect(raw, market, o, profile, batch);
    writeSinks(out, o, profile, bigQueryServices, batch);
  }

  /**
   * Parse (with dead letters), window, baseline and test, from raw JSON of both topics.
   *
   * @param stampEventTime set each element's timestamp from its event time (bounded file input;
   *     KafkaIO and TestStream already carry it)
   */
  public static Outputs detect(
      PCollection<String> rawShoppingEvents,
      PCollection<String> rawMarketEvents,
      CannibalizationOptions o,
      Baseline profile,
      boolean stampEventTime) {
    DetectionSettings settings = settings(o);
    PCollectionTuple parsed =
        rawShoppingEvents.apply("ParseShoppingEvents", new ParseShoppingEvents(o.getShoppingEventsTopic()));
    PCollectionTuple parsedMarket =
        rawMarketEvents.apply("ParseMarketEvents", new ParseMarketEvents(o.getMarketEventsTopic(), profile));
    PCollection<ShoppingEvent> events = parsed.get(ParseShoppingEvents.PARSED);
    PCollection<MarketEvent> marketEvents = parsedMarket.get(ParseMarketEvents.PARSED);
    if (stampEventTime) {
      events =
          events
              .apply("StampEventTime", WithTimestamps.of((ShoppingEvent e) -> new Instant(e.eventTime().toEpochMilli())))
              .setCoder(ShoppingEventCoder.of());
      marketEvents =
          marketEvents
              .apply("StampMarketEventTime", WithTimestamps.of((MarketEvent e) -> new Instant(e.eventTime().toEpochMilli())))
              .setCoder(SerializableCoder.of(MarketEvent.class));
    }
    Duration lateness = Duration.standardMinutes(o.getAllowedLatenessMinutes());
    PCollection<SubCategoryWindow> windows =
        events.apply(
            "SumSalesBySubCategory",
            new SumSalesBySubCategory(Duration.standardMinutes(o.getWindowMinutes()), lateness));
    PCollection<WindowedStat> stats = windows.apply("ToWindowedStats", new ToWindowedStats(profile));
    PCollectionTuple detected =
        DetectCannibalization.inputs(windows, marketEvents)
            .apply("DetectCannibalization", new DetectCannibalization(profile, settings, lateness));
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(parsed.get(ParseShoppingEvents.DEAD_LETTERS))
            .and(parsedMarket.get(ParseMarketEvents.DEAD_LETTERS))
            .apply("MergeDeadLetters", Flatten.pCollections());
    return new Outputs(
        events,
        stats,
        detected.get(DetectCannibalization.ALERTS),
        detected.get(DetectCannibalization.RETRACTIONS),
        deadLetters);
  }

  static void writeSinks(
      Outputs out, CannibalizationOptions o, Baseline profile, BigQueryServices bigQueryServices, boolean batch) {
    PCollection<CannibalizationAlert> alerts = out.alerts();
    PCollection<AlertRetraction> retractions = out.retractions();
    if (batch) {
      writeJsonl(out.stats(), "WriteWindowedStatsFile", o.getOutputDir() + "/windowed-stats");
      writeJsonl(alerts, "WriteAlertsFile", o.getOutputDir() + "/alerts");
      writeJsonl(out.retractions(), "WriteRetractionsFile", o.getOutputDir() + "/retractions");
      writeJsonl(out.deadLetters(), "WriteDeadLettersFile", o.getOutputDir() + "/dead-letters");
    } else {
      if (o.getSuppressPublishedAlerts()) {
        Map<String, Set<String>> published =
            SuppressPublishedAlerts.readPublished(o.getBootstrapServers(), o.getAlertsTopic(), java.time.Duration.ofSeconds(60));
        LOG.info("{} alert(s) already on {}: not published again unless changed", published.size(), o.getAlertsTopic());
        alerts = alerts.apply("SuppressPublishedAlerts", new SuppressPublishedAlerts<>(published));
        retractions = retractions.apply("SuppressPublishedRetractions", new SuppressPublishedAlerts<>(published));
      }
      out.stats().apply(
          "WriteWindowedStats",
          KafkaTopics.write(o.getBootstrapServers(), o.getWindowedStatsTopic(), WindowedStat::sku));
      // Alerts and their retractions through one writer, keyed by alert id: one partition per
      // alert, so a consumer reads an alert's retraction after the alert.
      alertMessages(alerts, retractions)
          .apply("WriteAlerts", KafkaTopics.write(o.getBootstrapServers(), o.getAlertsTopic(), AlertMessage::alertId));
      out.deadLetters().apply(
          "WriteDeadLetters",
          KafkaTopics.write(o.getBootstrapServers(), o.getDeadLetterTopic(), DeadLetter::sourceTopic));
    }
    if (o.getJdbcUrl() != null && !o.getJdbcUrl().isBlank()) {
      WriteToDatabase db = new WriteToDatabase(o.getJdbcUrl(), o.getJdbcUser(), o.getJdbcPassword());
      db.windowedStats(out.stats(), profile);
      db.alerts(alerts, retractions);
    }
    if (o.getBigQueryDataset() != null && !o.getBigQueryDataset().isBlank()) {
      WriteToBigQuery bq = new WriteToBigQuery(o.getBigQueryDataset(), !batch, bigQueryServices);
      bq.history(out.events());
      bq.windowedStats(out.stats());
    } else if (!batch && o.getArchiveDir() != null && !o.getArchiveDir().isBlank()) {
      archive(out.events(), "ArchiveHistory", o.getArchiveDir() + "/history/shopping-events");
      archive(out.stats(), "ArchiveWindowedStats", o.getArchiveDir() + "/windowed-stats/windowed-stats");
    }
  }

  /**
   * The messages of the alerts topic: new and corrected alerts and the retractions of alerts late
   * data undid, in one collection (each is encoded as its own record, keyed by its alert id).
   */
  public static PCollection<AlertMessage> alertMessages(
      PCollection<CannibalizationAlert> alerts, PCollection<AlertRetraction> retractions) {
    SerializableCoder<AlertMessage> coder = SerializableCoder.of(AlertMessage.class);
    TypeDescriptor<AlertMessage> type = TypeDescriptor.of(AlertMessage.class);
    return PCollectionList.of(
            alerts.apply("AlertsAsMessages", MapElements.into(type).via((CannibalizationAlert a) -> (AlertMessage) a))
                .setCoder(coder))
        .and(
            retractions.apply("RetractionsAsMessages", MapElements.into(type).via((AlertRetraction r) -> (AlertMessage) r))
                .setCoder(coder))
        .apply("MergeAlertMessages", Flatten.pCollections());
  }

  /**
   * Streaming without BigQuery: the same history and windowed stats as local JSONL files, one file
   * per event-time hour, written when the watermark passes the hour (a stat's late panes follow
   * in later files of that hour, each with the window's full corrected totals).
   */
  static <T> void archive(PCollection<T> events, String name, String prefix) {
    events
        .apply(name + "Encode", MapElements.into(TypeDescriptors.strings()).via(EventJson::encode))
        .apply(name + "Hourly", Window.<String>into(FixedWindows.of(Duration.standardHours(1))))
        .apply(name, TextIO.write().to(prefix).withSuffix(".jsonl").withWindowedWrites().withNumShards(1));
  }

  private static <T> void writeJsonl(PCollection<T> events, String name, String prefix) {
    // Batch outputs are small: one file each, across all windows.
    events
        .apply(name + "Encode", MapElements.into(TypeDescriptors.strings()).via(EventJson::encode))
        .apply(name + "Global", Window.<String>into(new GlobalWindows()))
        .apply(name, TextIO.write().to(prefix).withSuffix(".jsonl").withoutSharding());
  }
}
