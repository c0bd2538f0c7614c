package io.truelift.core.contracts;

import java.time.Instant;

/**
 * One purchase line on topic {@code shopping-events}: a shopper bought {@code units} of {@code sku}
 * at {@code unitPriceCents}. {@code promotionId} is the promotion the till applied, if any; it is
 * what a POS records, never a ground-truth label about cannibalization.
 */
public record ShoppingEvent(
    int schemaVersion,
    String eventId,
    Instant eventTime,
    String storeId,
    String sku,
    String category,
    String subCategory,
    int units,
    long unitPriceCents,
    long regularPriceCents,
    String promotionId) implements java.io.Serializable {

  public static final int VERSION = 1;

  public ShoppingEvent {
    Check.version(schemaVersion, VERSION);
    Check.text("eventId", eventId);
    Check.time("eventTime", eventTime);
    Check.text("storeId", storeId);
    Check.text("sku", sku);
    Check.text("category", category);
    Check.text("subCategory", subCategory);
    Check.positive("units", units);
    if (units > 1000) {
      throw new InvalidEventException("units", "units must be <= 1000, got " + units);
    }
    Check.positive("unitPriceCents", unitPriceCents);
    Check.positive("regularPriceCents", regularPriceCents);
    if (unitPriceCents > regularPriceCents && promotionId != null) {
      throw new InvalidEventException(
          "unitPriceCents",
          "unitPriceCents of a promoted sale must be <= regularPriceCents (%d), got %d"
              .formatted(regularPriceCents, unitPriceCents));
    }
    promotionId = Check.optionalText("promotionId", promotionId);
  }

  public long revenueCents() {
    return units * unitPriceCents;
  }
}
