package io.truelift.api.api;

import java.time.Instant;

/**
 * A promotion as the dashboard shows it. status: PLANNED (starts later), ACTIVE, STOPPED, ENDED;
 * {@code alertId} is its latest alert, if any. {@code storeId} null means every store.
 */
public record PromotionView(
    String promotionId,
    String sku,
    String productName,
    String category,
    String subCategory,
    String status,
    long promoPriceCents,
    long regularPriceCents,
    Instant startsAt,
    Instant endsAt,
    String alertId,
    String storeId,
    String createdBy) {}
