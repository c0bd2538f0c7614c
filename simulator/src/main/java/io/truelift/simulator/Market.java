package io.truelift.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What shoppers see: the catalog's regular prices and the promotions in force. A re-price splits a
 * promotion into segments {@code P-1}, {@code P-1@<millis>} that share the root id the till
 * records. Mutated only by the simulation thread; {@link #version()} lets caches notice changes.
 */
public final class Market {
  private final Catalog catalog;
  private final Map<String, Promotion> promotions = new LinkedHashMap<>();
  private long version;

  public Market(Catalog catalog, List<Promotion> schedule) {
    this.catalog = catalog;
    for (Promotion p : schedule) {
      add(p);
    }
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Increases on every change, so cached prices and probabilities can be recomputed. */
  public long version() {
    return version;
  }

  public void add(Promotion p) {
    Product product = catalog.require(p.sku());
    if (p.storeId() != null && !catalog.storeWeights().containsKey(p.storeId())) {
      throw new IllegalArgumentException(
          "Promotion %s: storeId must be one of %s, got \"%s\""
              .formatted(p.promotionId(), catalog.stores(), p.storeId()));
    }
    if (p.promoPriceCents() > product.regularPriceCents()) {
      throw new IllegalArgumentException(
          "Promotion %s: promoPriceCents must be <= the regular price %d of %s, got %d"
              .formatted(p.promotionId(), product.regularPriceCents(), p.sku(), p.promoPriceCents()));
    }
    if (promotions.containsKey(p.promotionId())) {
      throw new IllegalArgumentException("Duplicate promotionId " + p.promotionId());
    }
    promotions.put(p.promotionId(), p);
    version++;
  }

  public Optional<Promotion> promotion(String id) {
    return Optional.ofNullable(promotions.get(id));
  }

  /** Every segment, in the order added. */
  public List<Promotion> promotions() {
    return new ArrayList<>(promotions.values());
  }

  /** The segments of a promotion (one per price it has had). */
  public List<Promotion> segments(String rootId) {
    return promotions.values().stream().filter(p -> rootId(p.promotionId()).equals(rootId)).toList();
  }

  /** Ends a promotion (all its segments) at {@code at}; false if unknown or already over. */
  public boolean stop(String promotionId, Instant at) {
    boolean changed = false;
    for (Promotion p : segments(promotionId)) {
      if (!p.endedBy(at)) {
        promotions.put(p.promotionId(), p.endingAt(at));
        changed = true;
      }
    }
    if (changed) {
      version++;
    }
    return changed;
  }

  /** Re-prices a promotion from {@code at} on: the old terms end, a new segment continues. */
  public boolean reprice(String promotionId, long cents, Instant at) {
    Promotion current =
        segments(promotionId).stream()
            .filter(p -> !p.endedBy(at))
            .reduce((a, b) -> b)
            .orElse(null);
    if (current == null) {
      return false;
    }
    Product product = catalog.require(current.sku());
    if (cents <= 0 || cents > product.regularPriceCents()) {
      throw new IllegalArgumentException(
          "Promotion %s: promoPriceCents must be in 1..%d (regular price of %s), got %d"
              .formatted(promotionId, product.regularPriceCents(), current.sku(), cents));
    }
    version++;
    if (!current.start().isBefore(at)) {
      promotions.put(current.promotionId(), current.withPrice(cents));
      return true;
    }
    promotions.put(current.promotionId(), current.endingAt(at));
    String next = promotionId + "@" + at.toEpochMilli();
    promotions.put(
        next,
        new Promotion(next, current.sku(), current.storeId(), cents, at, current.end()));
    return true;
  }

  /** Prices in force in a store at {@code t}, excluding one promotion (for counterfactuals). */
  public Map<String, Long> prices(String store, Instant t, String excludedPromotionId) {
    Map<String, Long> prices = new HashMap<>();
    for (Promotion p : promotions.values()) {
      if (p.activeAt(t, store) && !rootId(p.promotionId()).equals(excludedPromotionId)) {
        prices.merge(p.sku(), p.promoPriceCents(), Math::min);
      }
    }
    return prices;
  }

  /** The promotion id a till would record for a sale of {@code sku} at {@code t}, if any. */
  public String activePromotionId(String store, String sku, Instant t) {
    Promotion best = null;
    for (Promotion p : promotions.values()) {
      if (p.sku().equals(sku) && p.activeAt(t, store)) {
        if (best == null || p.promoPriceCents() < best.promoPriceCents()) {
          best = p;
        }
      }
    }
    return best == null ? null : rootId(best.promotionId());
  }

  /** The first promotion start or end strictly after {@code t}, or null if none. */
  public Instant nextChangeAfter(Instant t) {
    Instant next = null;
    for (Promotion p : promotions.values()) {
      if (p.start().isAfter(t) && (next == null || p.start().isBefore(next))) {
        next = p.start();
      }
      if (p.end() != null && p.end().isAfter(t) && (next == null || p.end().isBefore(next))) {
        next = p.end();
      }
    }
    return next;
  }

  /** A re-priced segment {@code P-1@<millis>} belongs to promotion {@code P-1}. */
  static String rootId(String id) {
    int at = id.indexOf('@');
    return at < 0 ? id : id.substring(0, at);
  }
}
