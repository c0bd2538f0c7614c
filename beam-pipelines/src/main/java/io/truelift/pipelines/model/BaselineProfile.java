package io.truelift.pipelines.model;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.InvalidEventException;
import io.truelift.core.contracts.ShoppingEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * FALLBACK ONLY: the walking skeleton's baseline, used when no trained model is configured (the
 * pipeline logs so). The real baseline is {@link ModelBaseline}. It is learned from promotion-free history: expected purchases of a
 * product in a minute = its share of all purchases x store traffic, with traffic = overall rate x
 * hour-of-day factor x day-of-week factor. Each factor pools every day of history, so four weeks
 * give percent-level precision per hour where a per-hour-of-week mean would rest on four hours. The XGBoost model of the
 * baseline issue replaces it behind {@link #expectedPurchases} and {@link #expectedUnits}.
 */
public final class BaselineProfile implements Baseline {
  private static final long serialVersionUID = 1L;
  private static final int HOURS_PER_WEEK = 168;

  /** What the pipeline knows of a product from history. */
  public record Product(String sku, String category, String subCategory, long regularPriceCents)
      implements Serializable {}

  private final Map<String, Product> products;
  private final Map<String, Double> purchaseShare;
  private final Map<String, Double> unitsPerPurchase;
  /** Purchases per minute by hour of week (168), from the separable traffic model. */
  private final double[] purchasesPerMinute;
  /** E[units^2] / E[units] per sale line: the variance inflation of unit counts. */
  private double dispersion = 1.0;

  BaselineProfile(
      Map<String, Product> products,
      Map<String, Double> purchaseShare,
      Map<String, Double> unitsPerPurchase,
      double[] purchasesPerMinute) {
    this.products = new TreeMap<>(products);
    this.purchaseShare = new HashMap<>(purchaseShare);
    this.unitsPerPurchase = new HashMap<>(unitsPerPurchase);
    this.purchasesPerMinute = purchasesPerMinute.clone();
  }

  /** Learns the profile from JSONL history; invalid lines are counted and skipped. */
  public static BaselineProfile fromHistory(Path file) throws IOException {
    Builder b = new Builder();
    int invalid = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          b.add(EventJson.decode(line, ShoppingEvent.class));
        } catch (InvalidEventException e) {
          invalid++;
        }
      }
    }
    if (b.purchases == 0) {
      throw new IllegalArgumentException(
          "historyFile %s has no valid shopping events (%d invalid lines)".formatted(file, invalid));
    }
    return b.build();
  }

  public static BaselineProfile fromEvents(Iterable<ShoppingEvent> events) {
    Builder b = new Builder();
    events.forEach(b::add);
    return b.build();
  }

  /** Accumulates history; only sales without a promotion count toward the baseline. */
  static final class Builder {
    private final Map<String, Product> products = new HashMap<>();
    private final Map<String, Long> purchasesBySku = new HashMap<>();
    private final Map<String, Long> unitsBySku = new HashMap<>();
    private final long[] purchasesByHourOfDay = new long[24];
    private final long[] purchasesByDayOfWeek = new long[7];
    private long purchases;
    private double unitSquares;
    private double units;
    private long firstMinute = Long.MAX_VALUE;
    private long lastMinute = Long.MIN_VALUE;


    void add(ShoppingEvent e) {
      products.putIfAbsent(
          e.sku(), new Product(e.sku(), e.category(), e.subCategory(), e.regularPriceCents()));
      if (e.promotionId() != null) {
        return;
      }
      purchases++;
      purchasesBySku.merge(e.sku(), 1L, Long::sum);
      unitsBySku.merge(e.sku(), (long) e.units(), Long::sum);
      units += e.units();
      unitSquares += (double) e.units() * e.units();
      ZonedDateTime z = e.eventTime().atZone(ZoneOffset.UTC);
      purchasesByHourOfDay[z.getHour()]++;
      purchasesByDayOfWeek[z.getDayOfWeek().getValue() - 1]++;
      long minute = e.eventTime().getEpochSecond() / 60;
      firstMinute = Math.min(firstMinute, minute);
      lastMinute = Math.max(lastMinute, minute);
    }

    BaselineProfile build() {
      Map<String, Double> share = new HashMap<>();
      Map<String, Double> upp = new HashMap<>();
      purchasesBySku.forEach(
          (sku, n) -> {
            share.put(sku, (double) n / purchases);
            upp.put(sku, (double) unitsBySku.get(sku) / n);
          });
      // Exposure is the minutes the history spans in each hour of day and day of week: a history
      // that starts and ends mid-day must not count its partial days as whole ones.
      long[] minutesByHourOfDay = new long[24];
      long[] minutesByDayOfWeek = new long[7];
      for (long m = firstMinute; m <= lastMinute; m++) {
        ZonedDateTime z = Instant.ofEpochSecond(m * 60).atZone(ZoneOffset.UTC);
        minutesByHourOfDay[z.getHour()]++;
        minutesByDayOfWeek[z.getDayOfWeek().getValue() - 1]++;
      }
      double overall = purchases / (double) Math.max(1, lastMinute - firstMinute + 1);
      double[] rate = new double[HOURS_PER_WEEK];
      for (int d = 0; d < 7; d++) {
        double dayRate =
            minutesByDayOfWeek[d] == 0 ? overall : purchasesByDayOfWeek[d] / (double) minutesByDayOfWeek[d];
        for (int h = 0; h < 24; h++) {
          double hourRate =
              minutesByHourOfDay[h] == 0 ? 0 : purchasesByHourOfDay[h] / (double) minutesByHourOfDay[h];
          rate[d * 24 + h] = overall > 0 ? hourRate * dayRate / overall : 0;
        }
      }
      BaselineProfile profile = new BaselineProfile(products, share, upp, rate);
      profile.dispersion = units > 0 ? unitSquares / units : 1.0;
      return profile;
    }
  }

  static int hourOfWeek(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    DayOfWeek d = z.getDayOfWeek();
    return (d.getValue() - 1) * 24 + z.getHour();
  }

  /** Expected purchases (events) of {@code sku} without promotion in {@code [start, end)}. */
  public double expectedPurchases(String sku, Instant start, Instant end) {
    double share = purchaseShare.getOrDefault(sku, 0.0);
    double total = 0;
    for (Instant m = start; m.isBefore(end); m = m.plusSeconds(60)) {
      total += purchasesPerMinute[hourOfWeek(m)];
    }
    return share * total;
  }

  /** Expected units of {@code sku} without promotion in {@code [start, end)}. */
  public double expectedUnits(String sku, Instant start, Instant end) {
    return expectedPurchases(sku, start, end) * unitsPerPurchase.getOrDefault(sku, 1.0);
  }

  @Override
  public double unitCostCents(String sku) {
    Product p = products.get(sku);
    return p == null ? 0 : ModelBaseline.DEFAULT_COST_SHARE * p.regularPriceCents();
  }

  /** Count noise only (units per sale line), plus an assumed 5% model error: no held-out data. */
  @Override
  public io.truelift.model.Calibration calibration() {
    return new io.truelift.model.Calibration(
        new double[] {Double.POSITIVE_INFINITY}, new double[] {0}, new double[0], new double[0], dispersion, 0.05, 1.645, 0, 0);
  }

  @Override
  public String description() {
    return "fallback BaselineProfile (walking skeleton; no trained model configured)";
  }

  public boolean knows(String sku) {
    return products.containsKey(sku);
  }

  public Product product(String sku) {
    return products.get(sku);
  }

  /** The skus of a sub-category, sorted. */
  public List<String> skusIn(String subCategory) {
    return products.values().stream()
        .filter(p -> p.subCategory().equals(subCategory))
        .map(Product::sku)
        .toList();
  }

  /** Same sub-category, other products: the default substitutes of DESIGN.md. */
  public List<String> substitutes(String sku) {
    Product p = products.get(sku);
    if (p == null) {
      return List.of();
    }
    return skusIn(p.subCategory()).stream().filter(s -> !s.equals(sku)).toList();
  }
}
