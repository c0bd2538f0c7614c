package io.truelift.pipelines.bench;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.BaselineModel;
import io.truelift.model.Granularity;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.pipelines.CannibalizationPipeline;
import io.truelift.pipelines.PipelineMetrics;
import io.truelift.pipelines.model.ModelBaseline;
import io.truelift.pipelines.options.CannibalizationOptions;
import io.truelift.pipelines.transforms.WriteToDatabase;
import io.truelift.sql.Migrations;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * {@code ./truelift bench pipeline}: the detection pipeline on Flink {@code [local]} in this JVM.
 *
 * <ol>
 *   <li><b>Throughput</b>: the full pipeline (parse with dead letters, 1-minute windows, baseline
 *       scoring with the XGBoost model, the sequential test, JSONL files and the JdbcIO database
 *       sinks on an in-memory H2) over a JSONL file, in streaming mode, as events per second of
 *       wall time, and as a ratio to a plain-Java reference (parse each line with the same JSON
 *       decoder, sum per sub-category, product and minute) over the same file in the same run.
 *   <li><b>Scaling</b>: the same at parallelism 1 and 2.
 *   <li><b>Latency</b>: a generator at a steady {@code --rate} events per second of wall time,
 *       event time running {@code --compression} times faster than the wall clock (so that many
 *       1-minute windows close in a short run); for every alert, the wall time from the moment the
 *       watermark passed the end of the window that decided it (the generator's first event at
 *       or past that end) to the alert leaving the detection step, p50 and p99.
 * </ol>
 */
public final class PipelineBench {
  /** windowEnd (epoch ms) -> wall time (ms) when the last generator split passed it. */
  static final Map<Long, Long> WINDOW_CLOSED = new ConcurrentHashMap<>();
  static final List<Long> LATENCIES = new CopyOnWriteArrayList<>();
  static boolean DISABLE_METRICS;
  static double REFERENCE_PER_CPU_SECOND;

  private PipelineBench() {}

  /** CPU time of this process so far (all threads), in seconds. */
  static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime() / 1e9;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = parse(args);
    long events = Long.parseLong(o.getOrDefault("events", "2000000"));
    int rate = Integer.parseInt(o.getOrDefault("rate", "5000"));
    int compression = Integer.parseInt(o.getOrDefault("compression", "20"));
    int latencySeconds = Integer.parseInt(o.getOrDefault("latencySeconds", "120"));
    int subCategories = Integer.parseInt(o.getOrDefault("subCategories", "20"));
    boolean scaling = Boolean.parseBoolean(o.getOrDefault("scaling", "true"));
    DISABLE_METRICS = Boolean.parseBoolean(o.getOrDefault("disableMetrics", "false"));
    Path dir = Path.of(o.getOrDefault("out", "target/bench-pipeline"));
    Files.createDirectories(dir);
    // One event density for both parts: what the model learns and what the generator sends.
    BenchData data = new BenchData(subCategories, (double) rate / compression);

    log("Training the baseline model on %d sub-categories x %d products, 7 days hourly", subCategories, BenchData.SKUS_PER_SUB_CATEGORY);
    SalesHistory history = data.history(7);
    BaselineModel model = Trainer.train(history, TrainingConfig.defaults(Granularity.HOUR), "bench-model").model();
    Map<String, Double> unitsPerPurchase = new HashMap<>();
    data.products().keySet().forEach(sku -> unitsPerPurchase.put(sku, 1.0));
    ModelBaseline baseline =
        new ModelBaseline(
            new ModelBaseline.SavedModel(model.save(dir.resolve("model")).getParent().toAbsolutePath().toString()),
            history, data.products(), unitsPerPurchase, Map.of(), List.of());

    data.checkJson(0);
    data.checkJson(1);

    Map<String, String> results = new LinkedHashMap<>();
    results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    double reference = reference(data, events);
    results.put("plain-Java reference (parse + sum per sub-category, product, minute)", rate(reference) + " (" + rate(REFERENCE_PER_CPU_SECOND) + " per CPU-second)");

    Throughput p2 = throughput(data, baseline, 2, events);
    results.put("pipeline on Flink [local], parallelism 2", rate(p2.eventsPerSecond()) + " (" + p2.detail() + ")");
    results.put("pipeline / reference (wall time)", "%.3f".formatted(p2.eventsPerSecond() / reference));
    results.put("pipeline / reference (per CPU-second: robust to other load on the machine)", "%.3f".formatted(p2.eventsPerCpuSecond() / REFERENCE_PER_CPU_SECOND));
    results.put("machine load (1-min load average at the end)", "%.1f".formatted(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    results.put("target >= 50,000 events/s", p2.eventsPerSecond() >= 50_000 ? "met" : "NOT met (%.0f%% of it)".formatted(100 * p2.eventsPerSecond() / 50_000));
    if (scaling) {
      Throughput p1 = throughput(data, baseline, 1, events);
      results.put("pipeline on Flink [local], parallelism 1", rate(p1.eventsPerSecond()) + " (" + p1.detail() + ")");
      results.put("parallelism 2 / parallelism 1", "%.2f".formatted(p2.eventsPerSecond() / p1.eventsPerSecond()));
    }
    if (latencySeconds > 0) {
      Latency l = latency(data, baseline, rate, latencySeconds);
      results.put("latency run", l.detail());
      results.put("window close -> alert, p50", l.p50() + " ms");
      results.put("window close -> alert, p99", l.p99() + " ms");
      results.put("target p99 < 5 s", l.alerts() > 0 && l.p99() < 5000 ? "met" : "NOT met");
    }
    StringBuilder md = new StringBuilder("| measure | value |\n|---|---|\n");
    results.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    Path report = dir.resolve("pipeline-bench.md");
    Files.writeString(report, md.toString());
    System.out.println();
    System.out.print(md);
    System.out.println("\n(written to " + report + ")");
    System.exit(0); // Flink's mini-cluster leaves non-daemon threads behind
  }

  /**
   * The plain-Java reference over the same events: generate each one's JSON as the pipeline's
   * source does, decode it with the same codec, sum units and revenue per sub-category, product
   * and minute. Best of three runs after a warm-up run.
   */
  static double reference(BenchData data, long events) {
    double best = 0;
    for (int run = 0; run < 4; run++) {
      long t0 = System.nanoTime();
      double cpu0 = cpuSeconds();
      Map<String, long[]> sums = new HashMap<>();
      for (long i = 0; i < events; i++) {
        ShoppingEvent e = EventJson.decode(data.json(i), ShoppingEvent.class);
        long minute = e.eventTime().toEpochMilli() / 60_000;
        long[] v = sums.computeIfAbsent(e.subCategory() + '|' + e.sku() + '|' + minute, k -> new long[2]);
        v[0] += e.units();
        v[1] += e.revenueCents();
      }
      double perSecond = events / ((System.nanoTime() - t0) / 1e9);
      double perCpuSecond = events / (cpuSeconds() - cpu0);
      if (run > 0) {
        best = Math.max(best, perSecond);
        REFERENCE_PER_CPU_SECOND = Math.max(REFERENCE_PER_CPU_SECOND, perCpuSecond);
      }
      log("reference run %d: %s wall, %s per CPU-second, over %d sums", run, rate(perSecond), rate(perCpuSecond), sums.size());
    }
    return best;
  }

  record Throughput(double eventsPerSecond, double eventsPerCpuSecond, String detail) {}

  static FlinkPipelineOptions flink(int parallelism) {
    FlinkPipelineOptions f = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    f.setRunner(FlinkRunner.class);
    f.setFlinkMaster("[local]");
    f.setStreaming(true);
    f.setParallelism(parallelism);
    // No DoFn mutates its input, so chained operators may pass objects without a coder copy.
    f.setObjectReuse(true);
    f.setShutdownSourcesAfterIdleMs(0L);
    f.setDisableMetrics(DISABLE_METRICS);
    return f;
  }

  static Throughput throughput(BenchData data, ModelBaseline baseline, int parallelism, long events) throws Exception {
    String db = "jdbc:h2:mem:bench-p" + parallelism + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    Migrations.migrate(db, "sa", "");
    CannibalizationOptions o = flink(parallelism).as(CannibalizationOptions.class);
    o.setHistoryFile("unused: the benchmark builds its baseline itself");
    Pipeline p = Pipeline.create(o);
    // Unthrottled: the rate limit is the whole run in one second.
    build(p, o, data, baseline, db, new BenchSource(data, events, 0));
    log("Running the pipeline over %d events on Flink [local], parallelism %d", events, parallelism);
    long t0 = System.nanoTime();
    double cpu0 = cpuSeconds();
    PipelineResult r = p.run();
    r.waitUntilFinish();
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = cpuSeconds() - cpu0;
    long rows;
    long units;
    long alertRows;
    try (Connection c = DriverManager.getConnection(db, "sa", "");
        ResultSet ws = c.createStatement().executeQuery("SELECT COUNT(*), SUM(units) FROM windowed_sales");
        ResultSet da = c.createStatement().executeQuery("SELECT COUNT(*) FROM detected_alert")) {
      ws.next();
      da.next();
      rows = ws.getLong(1);
      units = ws.getLong(2);
      alertRows = da.getLong(1);
    }
    // Every event is one unit: the database must hold all of them, each once.
    if (units != events) {
      throw new IllegalStateException("windowed_sales holds " + units + " units, expected " + events);
    }
    String detail =
        "%d events in %.1f s wall incl. job start, %.1f CPU-s (%s per CPU-second); %d windowed_sales rows summing all %d units, %d alerts in detected_alert%s"
            .formatted(events, seconds, cpu, rate(events / cpu), rows, units, alertRows, DISABLE_METRICS ? ", Beam metrics off" : "");
    if (!DISABLE_METRICS && PipelineMetrics.get(r, PipelineMetrics.EVENTS) != events) {
      throw new IllegalStateException("the events counter says " + PipelineMetrics.get(r, PipelineMetrics.EVENTS));
    }
    log("parallelism %d: %s", parallelism, detail);
    return new Throughput(events / seconds, events / cpu, detail);
  }

  record Latency(long alerts, long p50, long p99, String detail) {}

  static Latency latency(BenchData data, ModelBaseline baseline, int rate, int seconds) throws Exception {
    WINDOW_CLOSED.clear();
    LATENCIES.clear();
    String db = "jdbc:h2:mem:bench-latency-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    Migrations.migrate(db, "sa", "");
    CannibalizationOptions o = flink(2).as(CannibalizationOptions.class);
    o.setHistoryFile("unused: the benchmark builds its baseline itself");
    Pipeline p = Pipeline.create(o);
    long n = (long) rate * seconds;
    CannibalizationPipeline.Outputs out =
        build(p, o, data, baseline, db, new BenchSource(data, n, rate));
    out.alerts().apply("MeasureLatency", ParDo.of(new ProbeFn()));
    log("Latency run: %d events at %d/s (event time x%d), Flink [local] parallelism 2", n, rate, (int) (rate / data.eventsPerSecond));
    long t0 = System.nanoTime();
    PipelineResult r = p.run();
    r.waitUntilFinish();
    double wall = (System.nanoTime() - t0) / 1e9;
    List<Long> l = new ArrayList<>(LATENCIES);
    l.sort(Long::compare);
    long p50 = l.isEmpty() ? -1 : l.get((int) Math.floor(0.50 * (l.size() - 1)));
    long p99 = l.isEmpty() ? -1 : l.get((int) Math.ceil(0.99 * (l.size() - 1)));
    String detail =
        "%d events in %.1f s wall (%.0f events/s sustained); %d alerts measured, max %d ms"
            .formatted(n, wall, n / wall, l.size(), l.isEmpty() ? -1 : l.get(l.size() - 1));
    log("latency: %s; p50 %d ms, p99 %d ms", detail, p50, p99);
    return new Latency(l.size(), p50, p99, detail);
  }

  /**
   * The pipeline as the benchmark runs it: generated JSON (in place of the Kafka reader, with
   * event-time timestamps and a watermark that follows them), detection, and the database sinks.
   */
  static CannibalizationPipeline.Outputs build(
      Pipeline p, CannibalizationOptions o, BenchData data, ModelBaseline baseline, String db, BenchSource source) {
    PCollection<String> raw =
        p.apply("Generate", Read.from(source))
            .apply("ToJson", ParDo.of(new ToJsonFn(data)))
            .setCoder(StringUtf8Coder.of());
    PCollection<String> market = p.apply("NoMarketEvents", Create.empty(StringUtf8Coder.of()));
    CannibalizationPipeline.Outputs out = CannibalizationPipeline.detect(raw, market, o, baseline, false);
    WriteToDatabase sink = new WriteToDatabase(db, "sa", "");
    sink.windowedStats(out.stats(), baseline);
    sink.alerts(out.alerts(), out.retractions());
    return out;
  }

  /** Encodes generated events; notes when this split first passes each minute (a window end). */
  static class ToJsonFn extends DoFn<Long, String> {
    private final BenchData data;
    private transient long lastMinute;

    ToJsonFn(BenchData data) {
      this.data = data;
    }

    @Setup
    public void setup() {
      lastMinute = Long.MIN_VALUE;
    }

    @ProcessElement
    public void processElement(@Element Long i, OutputReceiver<String> out) {
      long t = data.eventTimeMillis(i);
      long minute = Math.floorDiv(t, 60_000);
      if (lastMinute != Long.MIN_VALUE && minute > lastMinute) {
        long now = System.currentTimeMillis();
        for (long m = lastMinute + 1; m <= minute; m++) {
          WINDOW_CLOSED.merge(m * 60_000, now, Math::max);
        }
      }
      lastMinute = Math.max(lastMinute, minute);
      out.output(data.json(i));
    }
  }

  static class ProbeFn extends DoFn<CannibalizationAlert, Void> {
    @ProcessElement
    public void processElement(@Element CannibalizationAlert a) {
      Long closed = WINDOW_CLOSED.get(a.detectedAt().toEpochMilli());
      if (closed != null) {
        LATENCIES.add(System.currentTimeMillis() - closed);
      }
    }
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f events/s", perSecond);
  }

  static void log(String format, Object... args) {
    System.out.println("[bench] " + format.formatted(args));
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("arguments are --name=value (events, rate, compression, latencySeconds, subCategories, scaling, out), got \"" + a + "\"");
      }
      out.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return out;
  }
}
