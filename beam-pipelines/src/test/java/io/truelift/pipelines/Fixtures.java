package io.truelift.pipelines;

import io.truelift.core.contracts.ShoppingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Synthetic sales with known rates: a sub-category of four pizzas and a lone floss. Each product
 * sells Poisson purchases at a flat rate per minute, times a multiplier while a promotion runs.
 */
final class Fixtures {
  static final Instant HISTORY_START = Instant.parse("2025-12-01T00:00:00Z");
  static final Instant LIVE_START = Instant.parse("2026-01-05T09:00:00Z");

  /**
   * Purchases per minute at regular price. Sorted: the random draws go to the products in a fixed
   * order, so a seed gives the same sales in every JVM (Map.of's order changes from run to run).
   */
  static final Map<String, Double> RATES =
      new TreeMap<>(
          Map.of("PIZZA-4CH", 0.6, "PIZZA-PEP", 0.8, "PIZZA-SUP", 0.5, "PIZZA-PB", 0.6, "FLOSS", 0.5));

  private Fixtures() {}

  static String subCategory(String sku) {
    return sku.startsWith("PIZZA") ? "FROZEN PIZZA" : "FLOSS";
  }

  static String category(String sku) {
    return sku.startsWith("PIZZA") ? "FROZEN" : "ORAL HYGIENE";
  }

  /** One sale line. */
  static ShoppingEvent event(String id, String sku, Instant at, int units, String promotionId) {
    return new ShoppingEvent(
        1, id, at, "S1", sku, category(sku), subCategory(sku), units,
        promotionId == null ? 500 : 350, 500, promotionId);
  }

  /**
   * Minutes of sales from {@code from}: {@code lift} multiplies the promoted sku's rate and
   * {@code substituteFactor} the other pizzas' while {@code promotionId} runs.
   */
  static List<ShoppingEvent> sales(
      Instant from,
      Duration length,
      String promotedSku,
      String promotionId,
      double lift,
      double substituteFactor,
      long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ShoppingEvent> out = new ArrayList<>();
    long n = 0;
    for (Instant m = from; m.isBefore(from.plus(length)); m = m.plusSeconds(60)) {
      for (var e : RATES.entrySet()) {
        String sku = e.getKey();
        double rate = e.getValue();
        boolean promoted = sku.equals(promotedSku) && promotionId != null;
        if (promoted) {
          rate *= lift;
        } else if (promotionId != null && sku.startsWith("PIZZA") && promotedSku.startsWith("PIZZA")) {
          rate *= substituteFactor;
        }
        int k = poisson(r, rate);
        for (int i = 0; i < k; i++) {
          out.add(
              event(
                  "e" + seed + "-" + (n++), sku, m.plusMillis(r.nextLong(60_000)), 1,
                  promoted ? promotionId : null));
        }
      }
    }
    return out;
  }

  static List<ShoppingEvent> history() {
    return sales(HISTORY_START, Duration.ofDays(7), "none", null, 1, 1, 99);
  }

  private static int poisson(SplittableRandom r, double mean) {
    double limit = Math.exp(-mean), p = r.nextDouble();
    int n = 0;
    while (p > limit) {
      n++;
      p *= r.nextDouble();
    }
    return n;
  }
}
