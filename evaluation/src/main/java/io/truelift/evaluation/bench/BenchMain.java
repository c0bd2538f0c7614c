package io.truelift.evaluation.bench;

import io.truelift.evaluation.batf.BatfData;
import io.truelift.model.BaselineModel;
import io.truelift.model.Features;
import io.truelift.model.Observation;
import io.truelift.model.PromotionMask;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./truelift bench}: training time and batch-scoring throughput of the weekly baseline on
 * the Breakfast at the Frat history, on this machine, single-threaded (nthread=1). Scoring is
 * timed as the median of {@code --iterations} passes after one warm-up pass, next to two references
 * measured in the same run on the same rows: building the feature matrix alone, and a seasonal-naive
 * lookup (a HashMap probe per row), so the figures read as ratios as well as rows/s.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of("target/bench");
    int iterations = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[i + 1]);
        case "--iterations" -> iterations = Integer.parseInt(args[i + 1]);
        case "--data" -> System.setProperty("truelift.batf.dir", args[i + 1]);
        default -> {
          System.err.println("error: unknown option " + args[i] + " (--out DIR, --iterations N, --data DIR)");
          System.exit(2);
        }
      }
    }
    Path dir = BatfData.locate(Path.of(""));
    if (dir == null) {
      System.err.println("Breakfast at the Frat data not found: set TRUELIFT_BATF_DIR or --data (benchmark skipped)");
      System.exit(3);
    }
    long t0 = System.nanoTime();
    BatfData d = BatfData.load(dir, 0.6);
    SalesHistory h = SalesHistory.of(BatfData.granularity(), d.observations());
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    Trainer.TrainedModel trained = Trainer.train(h, TrainingConfig.defaults(BatfData.granularity()), "bench");
    double trainCpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    BaselineModel model = trained.model();
    List<Observation> rows = h.observations();

    long cpu1 = threads.getCurrentThreadCpuTime();
    double[] scoring = time(iterations, () -> model.predict(h, rows, PromotionMask.ALL));
    double scoringCpuSeconds = (threads.getCurrentThreadCpuTime() - cpu1) / 1e9 / (iterations + 1);
    double[] features = time(iterations, () -> Features.build(model.spec(), h, rows, PromotionMask.ALL));
    Map<String, Double> units = new HashMap<>();
    for (Observation o : rows) {
      units.put(o.seriesKey() + "@" + o.bucketStart().getEpochSecond(), o.units());
    }
    long lag = 52L * 7 * 24 * 3600;
    double[] naive =
        time(iterations, () -> {
          double s = 0;
          for (Observation o : rows) {
            Double v = units.get(o.seriesKey() + "@" + (o.bucketStart().getEpochSecond() - lag));
            s += v == null ? 0 : v;
          }
          return s;
        });
    double scoreRate = rows.size() / median(scoring);
    double featureRate = rows.size() / median(features);
    double naiveRate = rows.size() / median(naive);
    String report =
        """
        # Benchmark: weekly baseline on Breakfast at the Frat (nthread=1, %d cores visible)

        Wall-clock figures depend on what else runs on the machine (the load average is printed
        below); CPU seconds of the benchmark thread do not. XGBoost runs with nthread=1 on the
        calling thread, so its native time is in the thread's CPU time.
        Load average at the end: %.1f.

        Command: `./truelift bench --iterations %d`

        | what | figure |
        |---|---|
        | rows (store x item x week, zero weeks filled) | %,d |
        | load and index the files | %.1f s |
        | training (%d rows, %d held out, %d rounds, early stopping) | %.1f s wall, %.1f s CPU of this thread |
        | batch scoring, counterfactual (features + XGBoost) | %,.0f rows/s wall (median of %d: %s s), %,.0f rows per CPU-second |
        | building the feature matrix alone | %,.0f rows/s |
        | reference: seasonal-naive lookup | %,.0f rows/s |
        | scoring / seasonal-naive | %.3f |
        | feature building share of scoring time | %.0f%% |
        """
            .formatted(
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), iterations,
                rows.size(), loadSeconds,
                trained.metrics().trainRows(), trained.metrics().validationRows(), trained.metrics().bestIteration() + 1,
                trained.metrics().trainSeconds(), trainCpuSeconds, scoreRate, iterations, Arrays.toString(round(scoring)),
                rows.size() / scoringCpuSeconds, featureRate,
                naiveRate, scoreRate / naiveRate, 100 * scoreRate / featureRate);
    Files.createDirectories(out);
    Files.writeString(out.resolve("bench.md"), report);
    System.out.println(report);
  }

  interface Work {
    Object run();
  }

  static double[] time(int iterations, Work w) {
    w.run(); // warm-up: JIT, caches
    double[] s = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t = System.nanoTime();
      Object r = w.run();
      s[i] = (System.nanoTime() - t) / 1e9;
      if (r == null) {
        throw new IllegalStateException("benchmark produced no result");
      }
    }
    return s;
  }

  static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  static double[] round(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Math.round(v[i] * 1000) / 1000.0;
    }
    return r;
  }
}
