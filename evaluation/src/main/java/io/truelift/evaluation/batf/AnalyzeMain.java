package io.truelift.evaluation.batf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.truelift.core.contracts.EventJson;
import io.truelift.model.BaselineModel;
import io.truelift.model.HeldOutMetrics;
import io.truelift.model.Observation;
import io.truelift.model.PromotionMask;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.model.estimate.ConcurrentAllocation;
import io.truelift.model.estimate.PromotionEstimate;
import io.truelift.model.estimate.PromotionEstimator;
import io.truelift.model.estimate.SeriesTotals;
import io.truelift.model.estimate.SubstituteLearner;
import io.truelift.model.estimate.SubstitutionEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code ./truelift analyze}: the baseline and the estimator on Breakfast at the Frat. Trains the
 * weekly XGBoost baseline on all but the last {@code --holdout-weeks}, then on the held-out weeks
 * measures its WAPE against a seasonal-naive forecast (same store and item 52 weeks earlier) and
 * its 90% interval coverage, learns substitute pairs from history and checks the strongest known
 * ones, and decomposes every held-out promotion (store x item run of promoted weeks) into gross
 * lift, cannibalization per substitute (shared between concurrent promotions), pull-forward and
 * net. Reads the data at run time; writes only aggregates under {@code --out}.
 */
public final class AnalyzeMain {
  static final Duration WEEK = Duration.ofDays(7);

  /**
   * A known strong substitute pair from the data's README, as the README words it: products
   * whose descriptions contain every token of {@code a} and of {@code b} (either direction).
   */
  record KnownPair(String label, List<String> a, List<String> b) {
    boolean matches(String x, String y) {
      return (has(x, a) && has(y, b)) || (has(x, b) && has(y, a));
    }

    private static boolean has(String description, List<String> tokens) {
      return tokens.stream().allMatch(description::contains);
    }
  }

  static final List<KnownPair> KNOWN =
      List.of(
          new KnownPair("Newman's Own 4-cheese / pepperoni pizza", List.of("NWMN OWN", "4 CHEESE"), List.of("NWMN OWN", "PEPPERONI")),
          new KnownPair("Tony's (Fresca) 4-cheese / pepperoni pizza", List.of("FRSC", "4 CHEESE"), List.of("FRSC", "PEPP")),
          new KnownPair("store-brand / national (Listerine) antiseptic mouthwash", List.of("PL ", "ANTSPTC"), List.of("LSTRNE", "ANTSPTC")),
          new KnownPair("Honey Nut Cheerios / store-brand honey nut oats", List.of("HONEY NUT CHEERIOS"), List.of("PL HONEY NUT")));

  private AnalyzeMain() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of("target/analysis");
    int holdout = 26;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[i + 1]);
        case "--holdout-weeks" -> holdout = Integer.parseInt(args[i + 1]);
        case "--data" -> System.setProperty("truelift.batf.dir", args[i + 1]);
        default -> {
          System.err.println("error: unknown option " + args[i] + " (--out DIR, --holdout-weeks N, --data DIR)");
          System.exit(2);
        }
      }
    }
    Path dir = BatfData.locate(Path.of(""));
    if (dir == null) {
      System.err.println(
          "Breakfast at the Frat data not found: set TRUELIFT_BATF_DIR or --data to the folder with transaction.csv.gz"
              + " (looked for shared/data/batf above " + Path.of("").toAbsolutePath() + ")");
      System.exit(3);
    }
    Result r = run(dir, holdout);
    write(r, out);
    System.out.println(r.markdown());
    System.out.println("Report: " + out.resolve("batf-report.md").toAbsolutePath());
  }

  /** Every figure of the analysis. */
  public record Result(
      Map<String, Object> data,
      Map<String, Object> model,
      Map<String, Object> accuracy,
      List<Map<String, Object>> topPairs,
      List<Map<String, Object>> knownPairs,
      Map<String, Object> promotions,
      List<Map<String, Object>> topPromotions) {

    public double wapeImprovement() {
      return (double) accuracy.get("improvementOverSeasonalNaive");
    }

    public double heldOutCoverage() {
      return (double) accuracy.get("coverage90AllRows");
    }

    String markdown() {
      StringBuilder sb = new StringBuilder();
      sb.append("# Breakfast at the Frat: baseline and estimator\n\n");
      sb.append("Command: `./truelift analyze`. Data read at run time from its folder; nothing of it is copied.\n\n");
      sb.append("## Data\n\n");
      data.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
      sb.append("\n## Model\n\n");
      model.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
      sb.append("\n## Held-out accuracy\n\n");
      accuracy.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v instanceof Double d ? "%.4f".formatted(d) : v).append('\n'));
      sb.append("\nLearned pair: the substitute's shortfall against its no-promotion baseline while the other is promoted is significant (z >= 3) over >= 30 store-weeks. Ranked by the lower end of the strength's 90% interval.\n");
      sb.append("\n## Known strong substitute pairs (README) among the learned ones\n\n| pair | rank (of learned same-sub-category pairs) | strength | z | support | measured |\n|---|---|---|---|---|---|\n");
      for (Map<String, Object> k : knownPairs) {
        sb.append("| %s | %s | %s | %s | %s | %s |\n".formatted(k.get("pair"), k.get("rank"), k.get("strength"), k.get("z"), k.get("support"), k.get("measured (even if not learned)")));
      }
      sb.append("\n## Top learned substitute pairs\n\n| promoted | loses | strength | strength lower 90% | diversion | z | support |\n|---|---|---|---|---|---|---|\n");
      for (Map<String, Object> p : topPairs) {
        sb.append("| %s | %s | %.3f | %.3f | %.3f | %.1f | %s |\n".formatted(p.get("promoted"), p.get("substitute"), p.get("strength"), p.get("strengthLower90"), p.get("diversion"), p.get("z"), p.get("support")));
      }
      sb.append("\n## Held-out promotions\n\n");
      promotions.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v instanceof Double d ? "%.3f".formatted(d) : v).append('\n'));
      sb.append("\n| item | store | weeks | gross lift [90%] | cannibalized [90%] | pull-forward | net units [90%] | rate | net margin (indicative) |\n|---|---|---|---|---|---|---|---|---|\n");
      for (Map<String, Object> p : topPromotions) {
        sb.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n".formatted(p.get("item"), p.get("store"), p.get("weeks"), p.get("gross"), p.get("cannibalized"), p.get("pullForward"), p.get("net"), p.get("rate"), p.get("netMargin")));
      }
      return sb.toString();
    }
  }

  public static Result run(Path dir, int holdoutWeeks) throws IOException {
    long t0 = System.nanoTime();
    BatfData d = BatfData.load(dir, 0.6);
    SalesHistory history = SalesHistory.of(BatfData.granularity(), d.observations());
    TreeSet<Instant> weeks = new TreeSet<>();
    d.observations().forEach(o -> weeks.add(o.bucketStart()));
    Instant cut = new ArrayList<>(weeks).get(weeks.size() - holdoutWeeks);
    List<Observation> train = new ArrayList<>(), test = new ArrayList<>();
    for (Observation o : d.observations()) {
      (o.bucketStart().isBefore(cut) ? train : test).add(o);
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    Trainer.TrainedModel trained =
        Trainer.train(SalesHistory.of(BatfData.granularity(), train), TrainingConfig.defaults(BatfData.granularity()), "batf-weekly");
    BaselineModel model = trained.model();

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("rows in transaction.csv.gz", d.rawRows());
    data.put("zero-sales weeks filled inside each store x item's ranged span", d.zeroFilledRows());
    data.put("model rows", d.observations().size());
    data.put("products", history.products().size());
    data.put("stores", history.stores().size());
    data.put("weeks", weeks.size() + " (" + weeks.first() + " .. " + weeks.last() + ")");
    data.put("held-out weeks", holdoutWeeks + " from " + cut);
    data.put("load seconds", "%.1f".formatted(loadSeconds));

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", model.modelId());
    m.put("training rows", trained.metrics().trainRows() + trained.metrics().validationRows());
    m.put("training seconds", "%.1f".formatted(trained.metrics().trainSeconds()));
    m.put("boosting rounds", trained.metrics().bestIteration() + 1);
    m.put("calibration", "dispersion %.2f, relative error %.3f, sum multiplier %.2f"
        .formatted(model.calibration().dispersion(), model.calibration().relativeError(), model.calibration().sumQuantile()));

    Map<String, Object> acc = accuracy(model, history, test);
    List<SubstitutionEdge> measured = new SubstituteLearner(model, 30, 3).measure(history);
    List<Map<String, Object>> top = new ArrayList<>();
    List<SubstitutionEdge> learnedSameSub = new ArrayList<>();
    for (SubstitutionEdge e : measured) {
      if (e.source().equals(SubstitutionEdge.LEARNED)
          && history.products().get(e.sku()).subCategory().equals(history.products().get(e.substituteSku()).subCategory())) {
        learnedSameSub.add(e);
      }
    }
    // Ranked by the lower end of the strength's 90% interval: what the data support for sure, so a
    // large loss measured on a handful of weeks does not outrank a well-measured one.
    learnedSameSub.sort(Comparator.comparingDouble(AnalyzeMain::strengthLowerBound).reversed());
    for (SubstitutionEdge e : learnedSameSub.subList(0, Math.min(15, learnedSameSub.size()))) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("promoted", d.products().get(e.sku()).label());
      p.put("substitute", d.products().get(e.substituteSku()).label());
      p.put("strength", e.strength());
      p.put("strengthLower90", strengthLowerBound(e));
      p.put("diversion", e.diversion());
      p.put("z", e.zScore());
      p.put("support", e.support());
      top.add(p);
    }
    List<Map<String, Object>> known = new ArrayList<>();
    for (KnownPair k : KNOWN) {
      int bestRank = -1;
      SubstitutionEdge best = null;
      for (int i = 0; i < learnedSameSub.size(); i++) {
        SubstitutionEdge e = learnedSameSub.get(i);
        String a = d.products().get(e.sku()).description(), b = d.products().get(e.substituteSku()).description();
        if (k.matches(a, b)) {
          bestRank = i + 1;
          best = e;
          break;
        }
      }
      SubstitutionEdge any = null;
      for (SubstitutionEdge e : measured) {
        String a = d.products().get(e.sku()).description(), b = d.products().get(e.substituteSku()).description();
        if (k.matches(a, b) && (any == null || e.zScore() > any.zScore())) {
          any = e;
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("pair", k.label());
      row.put("measured (even if not learned)", any == null ? "never promoted against each other"
          : "strength %.3f, z %.1f, support %d".formatted(any.strength(), any.zScore(), any.support()));
      row.put("rank", best == null ? "not learned (of " + learnedSameSub.size() + ")" : bestRank + " of " + learnedSameSub.size());
      row.put("strength", best == null ? "" : "%.3f".formatted(best.strength()));
      row.put("z", best == null ? "" : "%.1f".formatted(best.zScore()));
      row.put("support", best == null ? "" : best.support());
      row.put("found", best != null);
      row.put("rankNumber", bestRank);
      known.add(row);
    }
    Map<String, double[]> strengths = new HashMap<>();
    for (SubstitutionEdge e : measured) {
      if (e.source().equals(SubstitutionEdge.LEARNED)) {
        strengths.put(e.sku() + "|" + e.substituteSku(), new double[] {e.strength()});
      }
    }
    List<Map<String, Object>> topPromotions = new ArrayList<>();
    Map<String, Object> promos = decompose(model, history, test, d, strengths, topPromotions);
    m.put("total seconds", "%.1f".formatted((System.nanoTime() - t0) / 1e9));
    return new Result(data, m, acc, top, known, promos, topPromotions);
  }

  static double strengthLowerBound(SubstitutionEdge e) {
    return e.zScore() > 0 ? e.strength() * (1 - 1.645 / e.zScore()) : 0;
  }

  static String key(Observation o, Instant t) {
    return o.seriesKey() + "@" + t.getEpochSecond();
  }

  static Map<String, Object> accuracy(BaselineModel model, SalesHistory history, List<Observation> test) {
    Map<String, Double> units = new HashMap<>();
    for (Observation o : history.observations()) {
      units.put(key(o, o.bucketStart()), o.units());
    }
    List<BaselineModel.Prediction> p = model.predictWithIntervals(history, test, PromotionMask.NONE);
    double[] cf = model.predict(history, test, PromotionMask.ALL);
    double mNp = 0, nNp = 0, yNp = 0, mCl = 0, nCl = 0, yCl = 0, mAll = 0, nAll = 0, yAll = 0;
    int rowsNp = 0, rowsCl = 0, rowsAll = 0, covered = 0, coveredNp = 0, npRows = 0;
    for (int i = 0; i < test.size(); i++) {
      Observation o = test.get(i);
      double y = o.units();
      boolean in = y >= p.get(i).lower() && y <= p.get(i).upper();
      covered += in ? 1 : 0;
      if (!o.anyPromotion()) {
        npRows++;
        coveredNp += in ? 1 : 0;
      }
      Double naive = units.get(key(o, o.bucketStart().minus(WEEK.multipliedBy(52))));
      if (naive == null) {
        continue;
      }
      mAll += Math.abs(y - p.get(i).units());
      nAll += Math.abs(y - naive);
      yAll += y;
      rowsAll++;
      if (!o.anyPromotion()) {
        mNp += Math.abs(y - p.get(i).units());
        nNp += Math.abs(y - naive);
        yNp += y;
        rowsNp++;
        if (HeldOutMetrics.isClean(history, o)) {
          mCl += Math.abs(y - cf[i]);
          nCl += Math.abs(y - naive);
          yCl += y;
          rowsCl++;
        }
      }
    }
    Map<String, Object> a = new LinkedHashMap<>();
    double modelWape = mNp / yNp, naiveWape = nNp / yNp;
    a.put("rows compared (held out, item not promoted, same week last year known)", rowsNp);
    a.put("modelWape", modelWape);
    a.put("seasonalNaiveWape", naiveWape);
    a.put("improvementOverSeasonalNaive", 1 - modelWape / naiveWape);
    a.put("rows with no promotion in the store's sub-category", rowsCl);
    a.put("cleanModelWape (counterfactual, all promotions masked)", mCl / yCl);
    a.put("cleanSeasonalNaiveWape", nCl / yCl);
    a.put("rows incl. promoted weeks", rowsAll);
    a.put("allRowsModelWape (promotion features as observed)", mAll / yAll);
    a.put("allRowsSeasonalNaiveWape", nAll / yAll);
    a.put("held-out rows", test.size());
    a.put("coverage90AllRows", covered / (double) test.size());
    a.put("coverage90NotPromotedRows", coveredNp / (double) Math.max(1, npRows));
    return a;
  }

  /** Decomposes every held-out promotion episode (a run of promoted weeks of one store x item). */
  static Map<String, Object> decompose(
      BaselineModel model, SalesHistory history, List<Observation> test, BatfData d,
      Map<String, double[]> strengths, List<Map<String, Object>> top) {
    double[] base = model.predict(history, test, PromotionMask.ALL);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < test.size(); i++) {
      index.put(key(test.get(i), test.get(i).bucketStart()), i);
    }
    // Episode of each promoted row: the first week of its run.
    Map<Integer, String> episodeOf = new HashMap<>();
    for (int i = 0; i < test.size(); i++) {
      Observation o = test.get(i);
      if (!o.anyPromotion()) {
        continue;
      }
      Instant start = o.bucketStart();
      while (true) {
        Integer prev = index.get(key(o, start.minus(WEEK)));
        if (prev == null || !test.get(prev).anyPromotion()) {
          break;
        }
        start = start.minus(WEEK);
      }
      episodeOf.put(i, o.seriesKey() + "@" + start);
    }
    Map<String, double[]> promoted = new LinkedHashMap<>(); // y, b, revenue, weeks, regular, cost
    Map<String, Map<String, double[]>> subs = new HashMap<>();
    Map<String, Observation> first = new HashMap<>();
    Map<String, List<Integer>> groups = new HashMap<>();
    for (int i = 0; i < test.size(); i++) {
      Observation o = test.get(i);
      groups.computeIfAbsent(o.storeId() + "|" + o.subCategory() + "|" + o.bucketStart(), k -> new ArrayList<>()).add(i);
    }
    for (List<Integer> g : groups.values()) {
      Map<String, Double> lift = new LinkedHashMap<>();
      for (int i : g) {
        if (episodeOf.containsKey(i)) {
          Observation o = test.get(i);
          String ep = episodeOf.get(i);
          double[] t = promoted.computeIfAbsent(ep, k -> new double[6]);
          first.putIfAbsent(ep, o);
          t[0] += o.units();
          t[1] += base[i];
          t[2] += o.units() * o.priceCents();
          t[3]++;
          t[4] = o.regularPriceCents();
          t[5] = o.unitCostCents();
          lift.put(ep, o.units() - base[i]);
        }
      }
      if (lift.isEmpty()) {
        continue;
      }
      for (int j : g) {
        Observation b = test.get(j);
        if (b.anyPromotion()) {
          continue;
        }
        Map<String, Double> strength = new HashMap<>();
        for (String ep : lift.keySet()) {
          double[] s = strengths.get(first.get(ep).sku() + "|" + b.sku());
          strength.put(ep, s == null ? 1.0 : s[0]);
        }
        Map<String, Double> shares = ConcurrentAllocation.shares(lift, strength);
        for (var sh : shares.entrySet()) {
          double[] t = subs.computeIfAbsent(sh.getKey(), k -> new HashMap<>()).computeIfAbsent(b.sku(), k -> new double[4]);
          t[0] += sh.getValue() * b.units();
          t[1] += sh.getValue() * base[j];
          t[2] = b.regularPriceCents();
          t[3] = b.unitCostCents();
        }
      }
    }
    PromotionEstimator estimator = new PromotionEstimator(model.calibration());
    List<PromotionEstimate> estimates = new ArrayList<>();
    double g = 0, c = 0, dd = 0, n = 0;
    int significant = 0;
    for (var e : promoted.entrySet()) {
      double[] t = e.getValue();
      Observation o = first.get(e.getKey());
      SeriesTotals a = new SeriesTotals(o.sku(), t[0], t[1], t[2], t[4], t[5]);
      List<SeriesTotals> s = new ArrayList<>();
      subs.getOrDefault(e.getKey(), Map.of()).forEach((sku, v) -> s.add(new SeriesTotals(sku, v[0], v[1], v[0] * v[2], v[2], v[3])));
      // Post-period: the two weeks after the run, where the item is not promoted.
      double py = 0, pb = 0;
      Instant after = o.bucketStart().plus(WEEK.multipliedBy((long) t[3]));
      for (int w = 0; w < 2; w++) {
        Integer k = index.get(key(o, after.plus(WEEK.multipliedBy(w))));
        if (k != null && !test.get(k).anyPromotion()) {
          py += test.get(k).units();
          pb += base[k];
        }
      }
      SeriesTotals post = pb > 0 ? new SeriesTotals(o.sku(), py, pb, py * t[4], t[4], t[5]) : null;
      PromotionEstimate est = estimator.estimate(e.getKey(), a, s, Map.of(), post);
      estimates.add(est);
      g += est.grossLiftUnits().estimate();
      c += est.cannibalizedUnits().estimate();
      dd += est.pullForwardUnits().estimate();
      n += est.netUnits().estimate();
      significant += est.cannibalizedUnits().lower() > 0 ? 1 : 0;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("episodes (store x item runs of promoted weeks)", estimates.size());
    out.put("total gross lift units", "%.0f".formatted(g));
    out.put("total cannibalized units", "%.0f".formatted(c));
    out.put("total pull-forward units", "%.0f".formatted(dd));
    out.put("total net units", "%.0f".formatted(n));
    out.put("overall cannibalization rate C/G", c / g);
    out.put("episodes whose cannibalization interval is above 0", significant);
    estimates.sort(Comparator.comparingDouble((PromotionEstimate x) -> -x.grossLiftUnits().estimate()));
    for (PromotionEstimate est : estimates.subList(0, Math.min(20, estimates.size()))) {
      Observation o = first.get(est.promotionId());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("item", d.products().get(o.sku()).label());
      row.put("store", o.storeId());
      row.put("weeks", (int) promoted.get(est.promotionId())[3]);
      row.put("gross", iv(est.grossLiftUnits()));
      row.put("cannibalized", iv(est.cannibalizedUnits()));
      row.put("pullForward", "%.0f".formatted(est.pullForwardUnits().estimate()));
      row.put("net", iv(est.netUnits()));
      row.put("rate", "%.2f".formatted(est.cannibalizationRate().estimate()));
      row.put("netMargin", "%.0f".formatted(est.netMarginCents().estimate() / 100) + " $");
      top.add(row);
    }
    return out;
  }

  static String iv(io.truelift.model.Interval i) {
    return "%.0f [%.0f, %.0f]".formatted(i.estimate(), i.lower(), i.upper());
  }

  static void write(Result r, Path out) throws IOException {
    Files.createDirectories(out);
    Files.writeString(out.resolve("batf-report.md"), r.markdown());
    ObjectMapper json = EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(out.resolve("batf-report.json").toFile(), r);
  }
}
