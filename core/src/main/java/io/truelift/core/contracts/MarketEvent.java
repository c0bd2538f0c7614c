package io.truelift.core.contracts;

import java.time.Instant;

/**
 * A change to what shoppers see, on topic {@code market_events}: a promotion starting, stopping or
 * being re-priced. Applied at {@code eventTime}. {@code storeId} null means every store. The
 * simulator obeys these events and the pipeline tracks promotion state from them.
 */
public record MarketEvent(
    int schemaVersion,
    String eventId,
    Instant eventTime,
    MarketEventType type,
    String promotionId,
    String sku,
    String storeId,
    Long promoPriceCents,
    String source,
    String reason) implements java.io.Serializable {

  public static final int VERSION = 1;

  public MarketEvent {
    Check.version(schemaVersion, VERSION);
    Check.text("eventId", eventId);
    Check.time("eventTime", eventTime);
    Check.required("type", type);
    Check.text("promotionId", promotionId);
    Check.text("sku", sku);
    storeId = Check.optionalText("storeId", storeId);
    if (type != MarketEventType.PROMOTION_STOPPED) {
      Check.required("promoPriceCents", promoPriceCents);
      Check.positive("promoPriceCents", promoPriceCents);
    }
    Check.text("source", source);
    reason = Check.optionalText("reason", reason);
  }
}
