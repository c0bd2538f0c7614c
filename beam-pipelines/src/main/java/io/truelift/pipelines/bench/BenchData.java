package io.truelift.pipelines.bench;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.Granularity;
import io.truelift.model.Observation;
import io.truelift.model.SalesHistory;
import io.truelift.model.data.ShoppingEventBuckets;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.model.ModelBaseline;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The benchmark's synthetic retailer: {@code subCategories} sub-categories of four products, sales
 * at a steady {@code eventsPerSecond} of event time, and in every sub-category a run of
 * promotions (one every six minutes, four minutes long, staggered between sub-categories) during
 * which the promoted product's weight triples and its substitutes' drop to a fifth (the
 * sub-category's volume stays the same, so the substitutes sell about a sixth of their baseline):
 * each episode is strong cannibalization and raises one alert. Event {@code i} is a pure function of
 * {@code i}, so the file and the live generator produce the same events.
 */
final class BenchData implements Serializable {
  static final int SKUS_PER_SUB_CATEGORY = 4;
  static final Instant LIVE_START = Instant.parse("2026-03-02T08:00:00Z");
  private static final double[] SHARES = {0.35, 0.25, 0.25, 0.15};

  final int subCategories;
  final double eventsPerSecond;

  BenchData(int subCategories, double eventsPerSecond) {
    if (subCategories < 1 || subCategories > 100) {
      throw new IllegalArgumentException("subCategories must be in 1..100, got " + subCategories);
    }
    this.subCategories = subCategories;
    this.eventsPerSecond = eventsPerSecond;
  }

  private static final String[][] SKUS = new String[100][SKUS_PER_SUB_CATEGORY];

  static {
    for (int s = 0; s < SKUS.length; s++) {
      for (int k = 0; k < SKUS_PER_SUB_CATEGORY; k++) {
        SKUS[s][k] = "SKU-%02d-%d".formatted(s, k);
      }
    }
  }

  static String sku(int s, int k) {
    return SKUS[s][k];
  }

  static String subCategory(int s) {
    return s < 10 ? "SUB-0" + s : "SUB-" + s;
  }

  static long regularPrice(int s, int k) {
    return 300 + 50L * k + 10L * s;
  }

  /** Event time of event {@code i}, in epoch milliseconds. */
  long eventTimeMillis(long i) {
    return LIVE_START.toEpochMilli() + (long) (i * 1000.0 / eventsPerSecond);
  }

  /** The promotion running in sub-category {@code s} at {@code minute} since the start, or -1. */
  static int promotionEpisode(int s, long minute) {
    long shifted = minute - 2 - (s % 6);
    if (shifted < 0) {
      return -1;
    }
    return shifted % 6 < 4 ? (int) (shifted / 6) : -1;
  }

  ShoppingEvent event(long i) {
    SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
    int s = r.nextInt(subCategories);
    long at = eventTimeMillis(i);
    long minute = (at - LIVE_START.toEpochMilli()) / 60_000;
    int episode = promotionEpisode(s, minute);
    double[] w = SHARES.clone();
    if (episode >= 0) {
      w[0] *= 3;
      for (int k = 1; k < w.length; k++) {
        w[k] *= 0.2;
      }
    }
    double total = 0;
    for (double x : w) {
      total += x;
    }
    double u = r.nextDouble() * total;
    int k = 0;
    while (k < w.length - 1 && u >= w[k]) {
      u -= w[k];
      k++;
    }
    boolean promoted = episode >= 0 && k == 0;
    long regular = regularPrice(s, k);
    return new ShoppingEvent(
        ShoppingEvent.VERSION, "e" + i, Instant.ofEpochMilli(at), "S" + (i % 8), sku(s, k), "BENCH",
        subCategory(s), 1, promoted ? regular * 7 / 10 : regular, regular,
        promoted ? "P-" + subCategory(s).substring(4) + "-" + episode : null);
  }

  /**
   * Event {@code i} as the JSON {@code EventJson.encode} writes (same fields, same order), built
   * directly: the generator stands in for the Kafka reader and should cost about as little.
   */
  String json(long i) {
    ShoppingEvent e = event(i);
    StringBuilder b = new StringBuilder(240);
    b.append("{\"schemaVersion\":1,\"eventId\":\"").append(e.eventId())
        .append("\",\"eventTime\":\"").append(e.eventTime())
        .append("\",\"storeId\":\"").append(e.storeId())
        .append("\",\"sku\":\"").append(e.sku())
        .append("\",\"category\":\"").append(e.category())
        .append("\",\"subCategory\":\"").append(e.subCategory())
        .append("\",\"units\":").append(e.units())
        .append(",\"unitPriceCents\":").append(e.unitPriceCents())
        .append(",\"regularPriceCents\":").append(e.regularPriceCents())
        .append(",\"promotionId\":");
    if (e.promotionId() == null) {
      b.append("null}");
    } else {
      b.append('"').append(e.promotionId()).append("\"}");
    }
    return b.toString();
  }

  /** Checks that {@link #json} writes what the contract's codec writes. */
  void checkJson(long i) {
    String expected = EventJson.encode(event(i));
    if (!expected.equals(json(i))) {
      throw new IllegalStateException("bench JSON differs from EventJson:\n" + json(i) + "\n" + expected);
    }
  }

  /** Writes events {@code [0, n)} as JSONL. */
  void writeLive(Path file, long n) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (long i = 0; i < n; i++) {
        out.write(json(i));
        out.write('\n');
      }
    }
  }

  /**
   * Promotion-free hourly sales of the week before the live period, at the live density (the
   * share each product has outside promotions): what the baseline model learns from.
   */
  SalesHistory history(int days) {
    List<Observation> rows = new ArrayList<>();
    double perSubCategoryHour = eventsPerSecond * 3600.0 / subCategories;
    double shareTotal = 0;
    for (double x : SHARES) {
      shareTotal += x;
    }
    for (long h = days * 24L; h >= 1; h--) {
      Instant bucket = LIVE_START.minusSeconds(3600 * h);
      for (int s = 0; s < subCategories; s++) {
        for (int k = 0; k < SKUS_PER_SUB_CATEGORY; k++) {
          double units = Math.round(perSubCategoryHour * SHARES[k] / shareTotal);
          long regular = regularPrice(s, k);
          rows.add(
              new Observation(
                  sku(s, k), ShoppingEventBuckets.ALL_STORES, "BENCH", subCategory(s), bucket, units, regular, regular,
                  ModelBaseline.DEFAULT_COST_SHARE * regular, false, false, false));
        }
      }
    }
    return SalesHistory.of(Granularity.HOUR, rows);
  }

  Map<String, BaselineProfile.Product> products() {
    Map<String, BaselineProfile.Product> out = new TreeMap<>();
    for (int s = 0; s < subCategories; s++) {
      for (int k = 0; k < SKUS_PER_SUB_CATEGORY; k++) {
        out.put(sku(s, k), new BaselineProfile.Product(sku(s, k), "BENCH", subCategory(s), regularPrice(s, k)));
      }
    }
    return out;
  }
}
