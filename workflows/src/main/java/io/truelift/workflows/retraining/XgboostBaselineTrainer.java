package io.truelift.workflows.retraining;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.truelift.core.contracts.EventJson;
import io.truelift.model.BaselineModel;
import io.truelift.model.FeatureSpec;
import io.truelift.model.Granularity;
import io.truelift.model.HeldOutMetrics;
import io.truelift.model.ModelMetrics;
import io.truelift.model.Observation;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.model.estimate.SubstituteLearner;
import io.truelift.model.estimate.SubstitutionEdge;
import io.truelift.model.registry.SubstitutionEdgeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link BaselineTrainer}: trains the model module's hourly XGBoost baseline ({@link
 * Trainer}, {@code count:poisson}, {@code nthread=1}) on the all-stores sales history of the range,
 * saves it as UBJ under {@code TRUELIFT_MODEL_DIR/<modelId>/}, and scores a challenger and the
 * active model on the same held-out rows with the same feature code ({@link HeldOutMetrics}).
 * The substitution edges learned with a challenger from the same history are stored under its id.
 *
 * <p>Data: the {@code windowed_sales} rows of the range when they cover at least {@code
 * minTrainingHours} hours with sales, otherwise the configured history file; which one, and on
 * which clock, is written next to the artifact ({@value #RECORD_FILE}) so that evaluation reads the
 * held-out range from the same source, and it is named in the run's reason. Too little data in
 * either range is an {@link InsufficientDataException}.
 *
 * <p>Metric: {@value #METRIC}, the WAPE of the model on held-out clean rows (neither the product
 * nor a sibling promoted, where the no-promotion baseline is observed), lower is better.
 */
public final class XgboostBaselineTrainer implements BaselineTrainer {
  private static final Logger log = LoggerFactory.getLogger(XgboostBaselineTrainer.class);
  private static final Granularity HOUR = Granularity.HOUR;
  private static final ObjectMapper JSON = EventJson.mapper();

  static final String METRIC = "clean_wape";
  static final String RECORD_FILE = "training-data.json";

  /**
   * What a challenger was trained on: the source ({@code database} or {@code file}), the range as
   * requested and as read ({@code shiftSeconds} earlier on the data clock), rows and hours.
   */
  record TrainingRecord(
      String modelId,
      String source,
      String sourceName,
      long shiftSeconds,
      Instant requestedFrom,
      Instant requestedTo,
      Instant from,
      Instant to,
      int rows,
      int hoursWithSales,
      String skipped) {}

  private final Jdbi jdbi;
  private final TrainingSettings settings;
  private final TrainingConfig config;
  private final DatabaseSalesSource database;
  private final HistoryFileSource file;
  private final Clock clock;

  public XgboostBaselineTrainer(Jdbi jdbi, TrainingSettings settings, Clock clock) {
    this(jdbi, settings, TrainingConfig.defaults(HOUR), clock);
  }

  XgboostBaselineTrainer(Jdbi jdbi, TrainingSettings settings, TrainingConfig config, Clock clock) {
    this.jdbi = jdbi;
    this.settings = settings;
    this.config = config;
    this.file =
        settings.historyFile() == null ? null : new HistoryFileSource(settings.historyFile());
    this.database = new DatabaseSalesSource(jdbi, () -> file == null ? Map.of() : file.catalog());
    this.clock = clock;
  }

  private List<SalesSource> sources() {
    return file == null ? List.of(database) : List.of(database, file);
  }

  @Override
  public TrainedModel train(String modelId, DataRange training) {
    if (modelId == null || !modelId.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "modelId must be 1-64 letters, digits, '.', '_' or '-' (it names a directory), got "
              + modelId);
    }
    List<String> tried = new ArrayList<>();
    for (SalesSource source : sources()) {
      var end = source.dataEnd();
      if (end.isEmpty()) {
        tried.add(
            source.describe()
                + " has no sales"
                + (source instanceof HistoryFileSource f && !f.exists() ? " (no such file)" : ""));
        continue;
      }
      long shift = shiftSeconds(end.get());
      // Whole hours: a partly counted first or last hour would look like a slump.
      Instant from = HOUR.floor(training.from().minusSeconds(shift));
      Instant to = HOUR.floor(training.to().minusSeconds(shift));
      SalesSource.Read read = source.read(from, to);
      List<Observation> rows = read.rows();
      int hours = hoursWithSales(rows);
      if (hours >= settings.minTrainingHours()) {
        // The hours actually read: the source may cover only part of the range.
        Instant first =
            rows.stream().map(Observation::bucketStart).min(Instant::compareTo).orElseThrow();
        Instant last =
            rows.stream().map(Observation::bucketStart).max(Instant::compareTo).orElseThrow();
        TrainingRecord record =
            new TrainingRecord(
                modelId,
                source.kind(),
                source.describe(),
                shift,
                training.from(),
                training.to(),
                first,
                last.plus(HOUR.length()),
                rows.size(),
                hours,
                read.skipped());
        return train(modelId, rows, record);
      }
      tried.add(
          "%s has %d hours with sales in %s..%s%s%s%s"
              .formatted(
                  source.describe(),
                  hours,
                  from,
                  to,
                  shiftNote(shift),
                  skippedNote(read.skipped()),
                  end.get().isAfter(from) || settings.clock() == TrainingSettings.Clock.DATA
                      ? ""
                      : " (its data ends "
                          + end.get()
                          + ", before the range: a simulated or replayed history needs "
                          + TrainingSettings.CLOCK
                          + "=data)"));
    }
    throw new InsufficientDataException(
        "not enough sales history to train a challenger on %s..%s: need %d hours with sales (%s); %s%s"
            .formatted(
                training.from(),
                training.to(),
                settings.minTrainingHours(),
                TrainingSettings.MIN_HOURS,
                String.join("; ", tried),
                file == null ? "; no " + TrainingSettings.HISTORY + " to fall back on" : ""));
  }

  private TrainedModel train(String modelId, List<Observation> rows, TrainingRecord record) {
    SalesHistory history = SalesHistory.of(HOUR, rows);
    Trainer.TrainedModel trained = Trainer.train(history, config, modelId);
    Path dir = settings.modelDir().resolve(modelId);
    Path ubj = trained.model().save(dir).toAbsolutePath();
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(RECORD_FILE).toFile(), record);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + dir.resolve(RECORD_FILE), e);
    }
    int learned = storeEdges(modelId, trained.model(), history);
    ModelMetrics m = trained.metrics();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("trainRows", (double) m.trainRows());
    metrics.put("validationRows", (double) m.validationRows());
    metrics.put("bestIteration", (double) m.bestIteration());
    metrics.put("validationWape", m.validationWape());
    metrics.put("validationCleanWape", m.validationCleanWape());
    metrics.put("validationCoverage90", m.validationCoverage90());
    metrics.put("trainSeconds", m.trainSeconds());
    metrics.put("hoursWithSales", (double) record.hoursWithSales());
    metrics.put("dataShiftHours", record.shiftSeconds() / 3600.0);
    metrics.put("learnedSubstitutionEdges", (double) learned);
    String data = describe(record);
    log.info(
        "Trained challenger {} in {} s on {}; its own validation: clean WAPE {}",
        modelId,
        "%.1f".formatted(m.trainSeconds()),
        data,
        "%.4f".formatted(m.validationCleanWape()));
    return new TrainedModel(
        modelId,
        ubj.toUri().toString(),
        String.join(",", FeatureSpec.FEATURES) + ";granularity=" + HOUR,
        metrics,
        new TrainingData(record.source(), record.from(), record.to(), data));
  }

  /**
   * Learns the substitution edges with the challenger from its training history and stores them
   * under its id ({@code substitution_edge}; a retried activity replaces its own set), where the
   * pipeline and the API read the active model's. Returns how many were learned (the rest are the
   * sub-category default).
   */
  private int storeEdges(String modelId, BaselineModel model, SalesHistory history) {
    List<SubstitutionEdge> edges = SubstituteLearner.withDefaults(model).edges(history);
    try {
      jdbi.useHandle(
          h -> SubstitutionEdgeStore.replace(h.getConnection(), modelId, edges, clock.instant()));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot store the substitution edges of " + modelId + ": " + e.getMessage(), e);
    }
    return (int) edges.stream().filter(e -> e.source().equals(SubstitutionEdge.LEARNED)).count();
  }

  @Override
  public Evaluation evaluate(TrainedModel candidate, RegisteredModel active, DataRange heldOut) {
    Path dir = artifactDir(candidate.artifactUri(), "challenger " + candidate.modelId());
    TrainingRecord record = readRecord(dir, candidate.modelId());
    SalesSource source = source(record);
    Instant from = HOUR.floor(heldOut.from().minusSeconds(record.shiftSeconds()));
    Instant to = HOUR.floor(heldOut.to().minusSeconds(record.shiftSeconds()));
    // The level features look back over clean hours before each row: read them too.
    Instant contextFrom = from.minus(HOUR.length().multipliedBy(config.levelLookbackBuckets()));
    List<Observation> context = source.read(contextFrom, to).rows();
    List<Observation> rows = new ArrayList<>();
    for (Observation o : context) {
      if (!o.bucketStart().isBefore(from)) {
        rows.add(o);
      }
    }
    int hours = hoursWithSales(rows);
    if (hours < settings.minHeldOutHours()) {
      throw new InsufficientDataException(
          "not enough held-out sales to compare challenger %s with the active model: %s has %d hours with sales in %s..%s%s, need %d (%s)"
              .formatted(
                  candidate.modelId(),
                  source.describe(),
                  hours,
                  from,
                  to,
                  shiftNote(record.shiftSeconds()),
                  settings.minHeldOutHours(),
                  TrainingSettings.MIN_HELDOUT_HOURS));
    }
    SalesHistory history = SalesHistory.of(HOUR, context);
    HeldOutMetrics c = HeldOutMetrics.of(BaselineModel.load(dir), history, rows);
    if (c.cleanRows() == 0) {
      throw new InsufficientDataException(
          "no clean held-out rows (every hour of %s..%s had a promotion in its sub-category) to compare challenger %s on"
              .formatted(from, to, candidate.modelId()));
    }
    HeldOutMetrics a = null;
    String activeNote = "";
    if (active != null) {
      try {
        BaselineModel model =
            BaselineModel.load(
                artifactDir(active.artifactUri(), "active model " + active.modelId()));
        a = HeldOutMetrics.of(model, history, rows);
        Instant trainedTo = model.descriptor().trainedTo();
        if (trainedTo != null && !trainedTo.isBefore(from)) {
          activeNote =
              "; the active model's training data reach " + trainedTo + ", into the held-out range";
        }
      } catch (RuntimeException e) {
        // PromotionPolicy keeps an active model it cannot score; say why.
        activeNote = "; active model not scored: " + e.getMessage();
        log.warn("Active model {} could not be scored: {}", active.modelId(), e.toString());
      }
    }
    String data =
        String.format(
            Locale.ROOT,
            "held out %s %s..%s%s: %d rows, %d clean; all-row WAPE %.4f vs %s, coverage90 %.3f vs"
                + " %s%s",
            source.describe(),
            from,
            to,
            shiftNote(record.shiftSeconds()),
            c.rows(),
            c.cleanRows(),
            c.wape(),
            a == null ? "-" : String.format(Locale.ROOT, "%.4f", a.wape()),
            c.coverage90(),
            a == null ? "-" : String.format(Locale.ROOT, "%.3f", a.coverage90()),
            activeNote);
    log.info(
        "Evaluated challenger {}: clean WAPE {} vs active {} {}; {}",
        candidate.modelId(),
        c.cleanWape(),
        active == null ? "-" : active.modelId(),
        a == null ? "-" : a.cleanWape(),
        data);
    return new Evaluation(
        METRIC, true, c.cleanWape(), a == null ? null : a.cleanWape(), c.cleanRows(), data);
  }

  private SalesSource source(TrainingRecord record) {
    if (record.source().equals(database.kind())) {
      return database;
    }
    if (file != null && record.source().equals(file.kind())) {
      return file;
    }
    throw new IllegalArgumentException(
        "challenger %s was trained on %s, which this worker no longer reads (%s is unset)"
            .formatted(record.modelId(), record.sourceName(), TrainingSettings.HISTORY));
  }

  /**
   * How far back the ranges are read: 0 on the wall clock; on the data clock, whole hours such that
   * a range ending now ends at or before the newest data ({@code dataEnd}).
   */
  long shiftSeconds(Instant dataEnd) {
    if (settings.clock() == TrainingSettings.Clock.WALL) {
      return 0;
    }
    long hour = HOUR.length().getSeconds();
    long behind = clock.instant().getEpochSecond() - dataEnd.getEpochSecond();
    return -Math.floorDiv(-behind, hour) * hour; // rounded up to a whole hour
  }

  private static String shiftNote(long shiftSeconds) {
    if (shiftSeconds == 0) {
      return "";
    }
    Duration d = Duration.ofSeconds(Math.abs(shiftSeconds));
    return " (data clock: the workflow's range %s by %d d %d h)"
        .formatted(shiftSeconds > 0 ? "moved back" : "moved forward", d.toDays(), d.toHoursPart());
  }

  private static String skippedNote(String skipped) {
    return skipped == null || skipped.isEmpty() ? "" : " (left out: " + skipped + ")";
  }

  private static String describe(TrainingRecord r) {
    return "%s %s..%s%s: %d rows, %d hours with sales%s"
        .formatted(
            r.sourceName(),
            r.from(),
            r.to(),
            shiftNote(r.shiftSeconds()),
            r.rows(),
            r.hoursWithSales(),
            skippedNote(r.skipped()));
  }

  static int hoursWithSales(List<Observation> rows) {
    Set<Instant> hours = new HashSet<>();
    for (Observation o : rows) {
      if (o.units() > 0) {
        hours.add(o.bucketStart());
      }
    }
    return hours.size();
  }

  private static Path artifactDir(String artifactUri, String what) {
    if (artifactUri == null || artifactUri.isBlank()) {
      throw new IllegalArgumentException(what + " has no artifact_uri");
    }
    Path p;
    try {
      p = Path.of(URI.create(artifactUri));
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new IllegalArgumentException(
          "%s: artifact_uri must be a file: URI of its model.ubj, got \"%s\""
              .formatted(what, artifactUri),
          e);
    }
    return Files.isDirectory(p) ? p : p.getParent();
  }

  private static TrainingRecord readRecord(Path dir, String modelId) {
    Path f = dir.resolve(RECORD_FILE);
    if (!Files.isRegularFile(f)) {
      throw new IllegalArgumentException(
          "challenger %s has no %s in %s: it was not trained by this trainer"
              .formatted(modelId, RECORD_FILE, dir));
    }
    try {
      return JSON.readValue(f.toFile(), TrainingRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }
}
