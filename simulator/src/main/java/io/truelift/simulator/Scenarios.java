package io.truelift.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

  private static Promotion promo(
      String id, String sku, long priceCents, Instant start, int startMinute, int minutes) {
    Instant from = start.plus(Duration.ofMinutes(startMinute));
    return new Promotion(id, sku, null, priceCents, from, from.plus(Duration.ofMinutes(minutes)));
  }
}
