package io.truelift.model.data;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.InvalidEventException;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.Granularity;
import io.truelift.model.Observation;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Sums shopping events (the simulator's JSONL or a till feed) into model rows: units per product
 * and bucket over all stores ({@code storeId = "*"}, as the streaming pipeline sees them), with
 * every product that sold anything filled in with zeros in buckets where it sold nothing. A
 * bucket is promoted when any of its sales carried a promotion id.
 */
public final class ShoppingEventBuckets {
  public static final String ALL_STORES = "*";

  private final Granularity granularity;
  private final Map<String, double[]> sums = new HashMap<>();
  private final Map<String, ShoppingEvent> products = new TreeMap<>();
  private Instant first;
  private Instant last;
  private long events;
  private long invalid;

  public ShoppingEventBuckets(Granularity granularity) {
    this.granularity = granularity;
  }

  /** Reads a JSONL file of ShoppingEvents; invalid lines are counted and skipped. */
  public static ShoppingEventBuckets fromJsonl(Path file, Granularity granularity) throws IOException {
    ShoppingEventBuckets b = new ShoppingEventBuckets(granularity);
    forEachEvent(file, b::add, () -> b.invalid++);
    if (b.events == 0) {
      throw new IllegalArgumentException(
          "%s has no valid shopping events (%d invalid lines)".formatted(file, b.invalid));
    }
    return b;
  }

  /** Streams the valid events of a JSONL file. */
  public static void forEachEvent(Path file, Consumer<ShoppingEvent> out, Runnable onInvalid)
      throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          out.accept(EventJson.decode(line, ShoppingEvent.class));
        } catch (InvalidEventException e) {
          onInvalid.run();
        }
      }
    }
  }

  public void add(ShoppingEvent e) {
    events++;
    products.putIfAbsent(e.sku(), e);
    Instant bucket = granularity.floor(e.eventTime());
    double[] v = sums.computeIfAbsent(e.sku() + "@" + bucket.getEpochSecond(), k -> new double[3]);
    v[0] += e.units();
    v[1] += e.revenueCents();
    if (e.promotionId() != null) {
      v[2] += e.units();
    }
    first = first == null || bucket.isBefore(first) ? bucket : first;
    last = last == null || bucket.isAfter(last) ? bucket : last;
  }

  /**
   * Adds pre-summed sales of one product and bucket (what a distributed sum hands over); {@code
   * sample} gives the product's catalog fields.
   */
  public void addTotals(ShoppingEvent sample, Instant bucket, double units, double revenueCents, double promotedUnits, long lines) {
    events += lines;
    products.putIfAbsent(sample.sku(), sample);
    Instant b = granularity.floor(bucket);
    double[] v = sums.computeIfAbsent(sample.sku() + "@" + b.getEpochSecond(), k -> new double[3]);
    v[0] += units;
    v[1] += revenueCents;
    v[2] += promotedUnits;
    first = first == null || b.isBefore(first) ? b : first;
    last = last == null || b.isAfter(last) ? b : last;
  }

  public long events() {
    return events;
  }

  public long invalidLines() {
    return invalid;
  }

  public Set<String> skus() {
    return new HashSet<>(products.keySet());
  }

  /** Category, sub-category and regular price as the tills reported them. */
  public Map<String, ShoppingEvent> productSamples() {
    return products;
  }

  /**
   * The rows of every product for every bucket from the first to the last one seen.
   *
   * @param unitCostCents cost per product where known; others cost {@code defaultCostShare} x the
   *     regular price
   */
  public List<Observation> observations(Map<String, Double> unitCostCents, double defaultCostShare) {
    return observations(first, last.plus(granularity.length()), unitCostCents, defaultCostShare);
  }

  /** The rows of every product for the buckets in {@code [from, to)}. */
  public List<Observation> observations(
      Instant from, Instant to, Map<String, Double> unitCostCents, double defaultCostShare) {
    List<Observation> out = new ArrayList<>();
    for (ShoppingEvent p : products.values()) {
      double regular = p.regularPriceCents();
      double cost = unitCostCents.getOrDefault(p.sku(), defaultCostShare * regular);
      for (Instant b = granularity.floor(from); b.isBefore(to); b = b.plus(granularity.length())) {
        double[] v = sums.get(p.sku() + "@" + b.getEpochSecond());
        double units = v == null ? 0 : v[0];
        double price = units > 0 ? v[1] / units : regular;
        boolean promoted = v != null && v[2] > 0;
        out.add(
            new Observation(
                p.sku(), ALL_STORES, p.category(), p.subCategory(), b, units, price, regular, cost,
                promoted, false, false));
      }
    }
    return out;
  }
}
