package io.truelift.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The built-in promotion schedules, relative to the simulation's start. */
public final class Scenarios {
  public static final List<String> NAMES = List.of("demo", "e2e", "none");

  private Scenarios() {}

  public static List<Promotion> named(String name, Instant start) {
    return switch (name) {
      case "demo" ->
          List.of(
              // Deep discount on an item with three close substitutes: strong cannibalization.
              promo("P-DEMO-PIZZA", "PIZZA-4CH", 379, start, 30, 8 * 60),
              // Later, a cereal with a store-brand twin: moderate cannibalization.
              promo("P-DEMO-CEREAL", "CER-HNO", 319, start, 3 * 60, 6 * 60),
              // The only floss: its lift is incremental or from mouthwash, never from substitutes.
              promo("P-DEMO-FLOSS", "FLOSS", 229, start, 60, 6 * 60));
      case "e2e" ->
          List.of(
              // ~35% off an item with three close substitutes.
              promo("P-HIGH", "PIZZA-4CH", 359, start, 20, 8 * 60),
              // ~30% off the only item of its sub-category: nothing to cannibalize.
              promo("P-NONE", "FLOSS", 229, start, 20, 8 * 60));
      case "none" -> List.of();
      default ->
          throw new IllegalArgumentException(
              "--scenario must be one of demo, e2e, none; got \"" + name + "\"");
    };
  }

  /**
   * Past promotions for a history, so that a baseline trained on it has seen what promotions do
   * (its own price and its siblings' promotions as features, masked for the counterfactual). Per
   * category, one promotion after another on a random product at 10-40% off for 4-12 hours, each
   * followed by a pause of 1-3 days; seeded, so the same seed gives the same history.
   */
  public static List<Promotion> past(Catalog catalog, Instant from, Instant to, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5eedL);
    List<Promotion> out = new ArrayList<>();
    int n = 0;
    for (Catalog.Category c : catalog.categories()) {
      List<Product> products = catalog.productsIn(c.name());
      Instant t = from.plus(Duration.ofMinutes(r.nextInt(24 * 60)));
      while (true) {
        Instant end = t.plus(Duration.ofMinutes(4 * 60 + r.nextInt(8 * 60 + 1)));
        if (!end.isBefore(to)) {
          break;
        }
        Product p = products.get(r.nextInt(products.size()));
        double discount = 0.10 + 0.30 * r.nextDouble();
        long price = Math.max(1, Math.round(p.regularPriceCents() * (1 - discount)));
        out.add(new Promotion("H-" + (++n), p.sku(), null, price, t, end));
        t = end.plus(Duration.ofMinutes(24 * 60 + r.nextInt(48 * 60)));
      }
    }
    return out;
  }

  private static Promotion promo(
      String id, String sku, long priceCents, Instant start, int startMinute, int minutes) {
    Instant from = start.plus(Duration.ofMinutes(startMinute));
    return new Promotion(id, sku, null, priceCents, from, from.plus(Duration.ofMinutes(minutes)));
  }
}
