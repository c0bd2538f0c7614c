package io.truelift.evaluation;

import io.truelift.simulator.Catalog;
import io.truelift.simulator.Product;
import io.truelift.simulator.Promotion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The evaluation battery: seeded scenarios covering strong, weak and zero cannibalization,
 * category expansion, concurrent promotions in one sub-category, seasonality (long promotions over
 * nights and weekends), sparse and dense volume, and unexplained traffic noise. Schedules are drawn
 * from the seed; promotions of one category never overlap unless the scenario is about that, and
 * each is followed by a gap longer than the detector's idle time plus post-period.
 */
public final class Battery {
  static final Instant LIVE_START = Instant.parse("2026-03-02T00:00:00Z"); // a Monday

  /** How big a battery: days of live simulation per scenario and days of history. */
  public record Size(int liveDays, int historyDays) {
    public static final Size FULL = new Size(14, 28);
    public static final Size SMALL = new Size(4, 21);
  }

  private Battery() {}

  public static List<Scenario> all(Size size, long seed) {
    Catalog base = Catalog.defaultCatalog();
    List<Scenario> out = new ArrayList<>();
    out.add(scenario("strong", "deep discounts (25-40% off) on items with close substitutes", base, 12, 0, seed + 1, size, 0.25, 0.40, Duration.ofHours(8), false));
    out.add(scenario("weak", "shallow discounts (8-15% off): real but small cannibalization", base, 12, 0, seed + 2, size, 0.08, 0.15, Duration.ofHours(8), false));
    out.add(scenario("zero", "token discounts (1-2% off) and lone items: nothing to cannibalize", base, 12, 0, seed + 3, size, 0.01, 0.02, Duration.ofHours(8), false));
    out.add(scenario("expansion", "no nesting and a large outside option: lift comes from new buyers", expansionCatalog(base), 12, 0, seed + 4, size, 0.25, 0.40, Duration.ofHours(8), false));
    out.add(scenario("concurrent", "two items of one sub-category promoted at overlapping times", base, 12, 0, seed + 5, size, 0.20, 0.40, Duration.ofHours(8), true));
    out.add(scenario("seasonality", "16-hour promotions across nights, peaks and weekends", base, 12, 0, seed + 6, size, 0.20, 0.40, Duration.ofHours(16), false));
    out.add(scenario("sparse", "low volume: 3 purchases a minute in all", base, 3, 0, seed + 7, size, 0.20, 0.40, Duration.ofHours(8), false));
    out.add(scenario("dense", "high volume: 40 purchases a minute in all", base, 40, 0, seed + 8, size, 0.10, 0.40, Duration.ofHours(8), false));
    out.add(scenario("noise", "hourly traffic shocks (sigma 0.15) that no calendar explains", base, 12, 0.15, seed + 9, size, 0.10, 0.40, Duration.ofHours(8), false));
    return out;
  }

  /** Every nest parameter 1 (plain logit) and a category outside option 2 utils larger. */
  static Catalog expansionCatalog(Catalog base) {
    List<Catalog.Category> cats = new ArrayList<>();
    for (Catalog.Category c : base.categories()) {
      cats.add(new Catalog.Category(c.name(), c.tripWeight(), c.outsideUtility() + 2.0));
    }
    Map<String, Double> lambdas = new LinkedHashMap<>();
    for (Product p : base.products()) {
      lambdas.put(p.subCategory(), 1.0);
    }
    return new Catalog(cats, base.products(), lambdas, base.storeWeights());
  }

  static Scenario scenario(
      String name, String description, Catalog catalog, double rate, double noise, long seed, Size size,
      double minDiscount, double maxDiscount, Duration length, boolean concurrent) {
    Instant liveEnd = LIVE_START.plus(Duration.ofDays(size.liveDays()));
    Instant historyStart = LIVE_START.minus(Duration.ofDays(size.historyDays()));
    SplittableRandom r = new SplittableRandom(seed);
    // History promotions teach the model what promotions do; they follow the same recipe.
    List<Promotion> history =
        schedule(catalog, r, "H-" + name, historyStart, LIVE_START.minus(Duration.ofHours(6)), minDiscount, maxDiscount, length, false, 0.35);
    List<Promotion> live =
        schedule(catalog, r, name.toUpperCase(), LIVE_START, liveEnd, minDiscount, maxDiscount, length, concurrent, 1.0);
    return new Scenario(name, description, catalog, rate, noise, seed, historyStart, LIVE_START, liveEnd, history, live);
  }

  /**
   * Per category, back-to-back promotions of {@code length} separated by 3-5 hours, each on a
   * random product at a random discount; with {@code concurrent}, a second product of the same
   * sub-category is promoted from 1-3 hours into the first. {@code density} thins them out.
   */
  static List<Promotion> schedule(
      Catalog catalog, SplittableRandom r, String prefix, Instant from, Instant to, double minDiscount,
      double maxDiscount, Duration length, boolean concurrent, double density) {
    List<Promotion> out = new ArrayList<>();
    int n = 0;
    for (Catalog.Category c : catalog.categories()) {
      List<Product> products = catalog.productsIn(c.name());
      Instant t = from.plus(Duration.ofMinutes(r.nextInt(0, 240)));
      while (t.plus(length).isBefore(to)) {
        Instant end = t.plus(length);
        if (r.nextDouble() < density) {
          Product p = products.get(r.nextInt(products.size()));
          out.add(promotion(prefix + "-" + (++n), p, r, minDiscount, maxDiscount, t, end));
          if (concurrent) {
            List<String> siblings = catalog.substitutesOf(p.sku());
            if (!siblings.isEmpty()) {
              Product q = catalog.require(siblings.get(r.nextInt(siblings.size())));
              Instant s2 = t.plus(Duration.ofMinutes(r.nextInt(60, 180)));
              out.add(promotion(prefix + "-" + (++n), q, r, minDiscount, maxDiscount, s2, end));
            }
          }
        }
        t = end.plus(Duration.ofMinutes(r.nextInt(180, 300)));
      }
    }
    return out;
  }

  private static Promotion promotion(
      String id, Product p, SplittableRandom r, double minDiscount, double maxDiscount, Instant start, Instant end) {
    double d = minDiscount + r.nextDouble() * (maxDiscount - minDiscount);
    long price = Math.max(1, Math.min(p.regularPriceCents() - 1, Math.round(p.regularPriceCents() * (1 - d))));
    return new Promotion(id, p.sku(), null, price, start, end);
  }
}
