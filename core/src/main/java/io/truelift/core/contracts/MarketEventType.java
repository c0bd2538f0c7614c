package io.truelift.core.contracts;

/** What a {@link MarketEvent} changes. */
public enum MarketEventType {
  PROMOTION_STARTED,
  PROMOTION_STOPPED,
  PRICE_CHANGED
}
