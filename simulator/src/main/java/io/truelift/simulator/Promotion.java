package io.truelift.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * A promotion the simulator runs: {@code sku} at {@code promoPriceCents} in {@code storeId} (null:
 * every store) from {@code start} (inclusive) until {@code end} (exclusive; null: until a stop
 * arrives, as for a promotion started from outside).
 */
public record Promotion(
    String promotionId, String sku, String storeId, long promoPriceCents, Instant start, Instant end) {

  public Promotion {
    if (promotionId == null || promotionId.isBlank()) {
      throw new IllegalArgumentException("promotionId is required, got \"" + promotionId + "\"");
    }
    if (sku == null || sku.isBlank()) {
      throw new IllegalArgumentException("Promotion %s: sku is required".formatted(promotionId));
    }
    if (promoPriceCents <= 0) {
      throw new IllegalArgumentException(
          "Promotion %s: promoPriceCents must be > 0, got %d".formatted(promotionId, promoPriceCents));
    }
    Objects.requireNonNull(start, "Promotion " + promotionId + ": start");
    if (end != null && !end.isAfter(start)) {
      throw new IllegalArgumentException(
          "Promotion %s: end (%s) must be after start (%s)".formatted(promotionId, end, start));
    }
    storeId = storeId == null || storeId.isBlank() ? null : storeId;
  }

  public boolean activeAt(Instant t, String store) {
    return !t.isBefore(start)
        && (end == null || t.isBefore(end))
        && (storeId == null || storeId.equals(store));
  }

  /** Whether the promotion has ended by {@code t}. */
  public boolean endedBy(Instant t) {
    return end != null && !end.isAfter(t);
  }

  /** The same promotion ending at {@code newEnd}; a stop before the start cancels it outright. */
  public Promotion endingAt(Instant newEnd) {
    return new Promotion(
        promotionId,
        sku,
        storeId,
        promoPriceCents,
        start,
        newEnd.isAfter(start) ? newEnd : start.plusMillis(1));
  }

  public Promotion withPrice(long cents) {
    return new Promotion(promotionId, sku, storeId, cents, start, end);
  }
}
