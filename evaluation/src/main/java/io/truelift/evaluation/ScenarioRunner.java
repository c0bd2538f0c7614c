package io.truelift.evaluation;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.Granularity;
import io.truelift.model.ModelMetrics;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.model.data.ShoppingEventBuckets;
import io.truelift.model.estimate.PromotionEstimate;
import io.truelift.model.estimate.SubstituteLearner;
import io.truelift.model.estimate.SubstitutionEdge;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.model.ModelBaseline;
import io.truelift.pipelines.model.PromotionEvidence;
import io.truelift.pipelines.model.SubCategoryDetector;
import io.truelift.pipelines.model.SubCategoryWindow;
import io.truelift.simulator.Catalog;
import io.truelift.simulator.DemandModel;
import io.truelift.simulator.GroundTruth;
import io.truelift.simulator.Market;
import io.truelift.simulator.Product;
import io.truelift.simulator.ShopperEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one scenario end to end in one JVM: simulates the history and trains the XGBoost baseline
 * on it, simulates the live period and feeds its 1-minute sub-category windows, in event-time
 * order, to the streaming pipeline's own {@link SubCategoryDetector} (the class the Beam DoFn
 * keeps in state), then lines each promotion's estimate and alert up with the simulator's exact
 * {@link GroundTruth}. Nothing is read off an event's label: the till's promotion id is what the
 * pipeline sees too.
 */
public final class ScenarioRunner {
  /** A scenario's outcomes and the model it trained. */
  public record Result(
      Scenario scenario,
      ModelMetrics model,
      long historyEvents,
      long liveEvents,
      double liveBaselineBias,
      List<PromotionOutcome> promotions) {}

  private ScenarioRunner() {}

  public static Result run(Scenario s, DetectionSettings settings, double minVolumeUnits) {
    Catalog catalog = s.catalog();
    DemandModel demand = new DemandModel(catalog, s.rate(), s.trafficNoise(), s.seed());
    Map<String, Double> costs = new HashMap<>();
    for (Product p : catalog.products()) {
      costs.put(p.sku(), (double) p.unitCostCents());
    }

    ShoppingEventBuckets buckets = new ShoppingEventBuckets(Granularity.HOUR);
    Map<String, long[]> perSku = new HashMap<>();
    ShopperEngine history =
        new ShopperEngine(demand, new Market(catalog, s.historyPromotions()), s.seed(), "hist-" + s.seed(), s.historyStart());
    history.simulateUntil(
        s.liveStart(),
        e -> {
          buckets.add(e);
          long[] v = perSku.computeIfAbsent(e.sku(), k -> new long[2]);
          v[0]++;
          v[1] += e.units();
        });
    SalesHistory context =
        SalesHistory.of(Granularity.HOUR, buckets.observations(s.historyStart(), s.liveStart(), costs, 0.6));
    Trainer.TrainedModel trained = Trainer.train(context, TrainingConfig.defaults(Granularity.HOUR), "eval-" + s.name());
    List<SubstitutionEdge> edges = SubstituteLearner.withDefaults(trained.model()).edges(context);
    Map<String, BaselineProfile.Product> products = new TreeMap<>();
    Map<String, Double> upp = new HashMap<>();
    for (Product p : catalog.products()) {
      products.put(p.sku(), new BaselineProfile.Product(p.sku(), p.category(), p.subCategory(), p.regularPriceCents()));
      long[] v = perSku.get(p.sku());
      upp.put(p.sku(), v == null ? DemandModel.MEAN_UNITS_PER_PURCHASE : v[1] / (double) v[0]);
    }
    ModelBaseline baseline =
        new ModelBaseline(new ModelBaseline.FixedModel(trained.model()), context, products, upp, costs, edges);

    Market live = new Market(catalog, s.livePromotions());
    ShopperEngine engine = new ShopperEngine(demand, live, s.seed() + 1_000_003, "sim-" + s.seed(), s.liveStart());
    Map<String, SubCategoryDetector> detectors = new LinkedHashMap<>();
    List<CannibalizationAlert> alerts = new ArrayList<>();
    WindowFeeder feeder =
        new WindowFeeder(
            w ->
                detectors
                    .computeIfAbsent(w.subCategory(), SubCategoryDetector::new)
                    .accept(w, baseline, settings, alerts::add));
    long[] liveEvents = {0};
    engine.simulateUntil(
        s.liveEnd(),
        e -> {
          feeder.add(e);
          liveEvents[0]++;
        });
    feeder.flush();

    List<PromotionOutcome> out = new ArrayList<>();
    for (GroundTruth.PromotionTruth t : new GroundTruth(demand).forAll(live, s.liveEnd())) {
      SubCategoryDetector d = detectors.get(t.subCategory());
      PromotionEvidence e = d == null ? null : d.promotions().get(t.promotionId());
      PromotionEstimate est = e == null ? null : e.estimate(baseline);
      // The attributed truth: DESIGN.md's definition, which the estimator follows (it equals the
      // marginal truth unless promotions of the category overlap).
      GroundTruth.Attributed a = t.attributed();
      double subBaseline = a.cannibalizedBySubstitute().stream().mapToDouble(GroundTruth.SubstituteTruth::baselineUnits).sum();
      double lostMargin = a.cannibalizedMarginCents();
      boolean loose =
          a.cannibalizedUnits() >= settings.minCannibalizedUnits()
              && a.cannibalizationRate() >= settings.minCannibalizationRate()
              && lostMargin >= settings.minLostMarginCents();
      boolean material = loose && a.cannibalizedUnits() >= settings.minSubstituteShortfall() * subBaseline;
      double materiality =
          t.substitutes().isEmpty() || subBaseline <= 0
              ? 0
              : Math.min(
                  Math.min(
                      a.cannibalizedUnits() / settings.minCannibalizedUnits(),
                      a.cannibalizationRate() / settings.minCannibalizationRate()),
                  Math.min(
                      lostMargin / settings.minLostMarginCents(),
                      a.cannibalizedUnits() / subBaseline / settings.minSubstituteShortfall()));
      boolean alerted = e != null && e.alerted();
      out.add(
          new PromotionOutcome(
              s.name(), t.promotionId(), t.promotedSku(), t.subCategory(), t.substitutes().size(),
              Duration.between(t.start(), t.end()).toMinutes() / 60.0,
              1 - t.promoPricesCents().get(0) / (double) t.regularPriceCents(),
              subBaseline, a.grossLiftUnits(), a.cannibalizedUnits(), a.netLiftUnits(), a.cannibalizationRate(),
              lostMargin, a.netMarginChangeCents(), subBaseline >= minVolumeUnits, material, loose,
              a.baselineUnits(),
              est == null ? 0 : est.promotedBaselineUnits(),
              est == null ? 0 : est.substitutes().stream().mapToDouble(x -> x.baselineUnits()).sum(),
              e != null,
              est == null ? 0 : est.grossLiftUnits().estimate(),
              est == null ? 0 : est.grossLiftUnits().lower(),
              est == null ? 0 : est.grossLiftUnits().upper(),
              est == null ? 0 : est.cannibalizedUnits().estimate(),
              est == null ? 0 : est.cannibalizedUnits().lower(),
              est == null ? 0 : est.cannibalizedUnits().upper(),
              est == null ? 0 : est.pullForwardUnits().estimate(),
              est == null ? 0 : est.netUnits().estimate(),
              est == null ? 0 : est.netUnits().lower(),
              est == null ? 0 : est.netUnits().upper(),
              est == null ? 0 : est.cannibalizationRate().estimate(),
              est == null ? 0 : est.cannibalizedMarginCents().estimate(),
              est == null ? 0 : est.netMarginCents().estimate(),
              est == null ? 0 : est.netMarginCents().lower(),
              est == null ? 0 : est.netMarginCents().upper(),
              alerted,
              alerted ? Duration.between(t.start(), e.alertedAt()).toSeconds() / 60.0 : Double.NaN,
              e == null ? Double.NaN : e.threshold(),
              e == null ? Double.NaN : e.maxTestStatistic(),
              Math.max(0, materiality)));
    }
    return new Result(s, trained.metrics(), buckets.events(), liveEvents[0], baselineBias(s, demand, baseline), out);
  }

  /**
   * The model's no-promotion baseline against the demand model's exact regular-price expectation,
   * summed over every product and live hour: (sum model - sum truth) / sum truth.
   */
  static double baselineBias(Scenario s, DemandModel demand, ModelBaseline baseline) {
    double model = 0, truth = 0;
    Catalog catalog = s.catalog();
    for (Instant t = s.liveStart(); t.isBefore(s.liveEnd()); t = t.plusSeconds(3600)) {
      for (Catalog.Category c : catalog.categories()) {
        List<Product> ps = catalog.productsIn(c.name());
        for (String store : catalog.stores()) {
          double[] perMinute = demand.purchasesPerMinute(t, store, c, Map.of());
          for (int i = 0; i < ps.size(); i++) {
            truth += perMinute[i] * 60 * DemandModel.MEAN_UNITS_PER_PURCHASE;
          }
        }
        for (Product p : ps) {
          model += baseline.expectedUnits(p.sku(), t, t.plusSeconds(3600));
        }
      }
    }
    return (model - truth) / truth;
  }

  /**
   * Sums events, which arrive in time order, into 1-minute windows per sub-category exactly as the
   * pipeline's SumSalesBySubCategory does (purchases, units, revenue and the till's promotion id
   * per product) and hands each sub-category's windows over in order.
   */
  static final class WindowFeeder {
    private final java.util.function.Consumer<SubCategoryWindow> out;
    private long minute = Long.MIN_VALUE;
    private final Map<String, Map<String, long[]>> sums = new TreeMap<>();
    private final Map<String, Map<String, String>> promotions = new HashMap<>();

    WindowFeeder(java.util.function.Consumer<SubCategoryWindow> out) {
      this.out = out;
    }

    void add(ShoppingEvent e) {
      long m = Math.floorDiv(e.eventTime().getEpochSecond(), 60);
      if (m != minute) {
        flush();
        minute = m;
      }
      long[] v = sums.computeIfAbsent(e.subCategory(), k -> new TreeMap<>()).computeIfAbsent(e.sku(), k -> new long[3]);
      v[0]++;
      v[1] += e.units();
      v[2] += e.revenueCents();
      if (e.promotionId() != null) {
        promotions.computeIfAbsent(e.subCategory(), k -> new HashMap<>()).putIfAbsent(e.sku(), e.promotionId());
      }
    }

    void flush() {
      if (minute == Long.MIN_VALUE) {
        return;
      }
      Instant start = Instant.ofEpochSecond(minute * 60);
      for (var sub : sums.entrySet()) {
        Map<String, SubCategoryWindow.SkuSales> sales = new TreeMap<>();
        Map<String, String> promo = promotions.getOrDefault(sub.getKey(), Map.of());
        sub.getValue().forEach((sku, v) -> sales.put(sku, new SubCategoryWindow.SkuSales(v[0], v[1], v[2], promo.get(sku))));
        out.accept(new SubCategoryWindow(sub.getKey(), start, start.plusSeconds(60), sales));
      }
      sums.clear();
      promotions.clear();
    }
  }
}
