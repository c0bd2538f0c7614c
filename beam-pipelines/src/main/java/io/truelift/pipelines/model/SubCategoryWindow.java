package io.truelift.pipelines.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sales of one sub-category in one event-time window: per product purchases, units, revenue and
 * the promotion its till applied (if any). Products with no sale are absent; their zero is filled
 * in from the catalog downstream.
 */
public record SubCategoryWindow(
    String subCategory, Instant windowStart, Instant windowEnd, Map<String, SkuSales> sales)
    implements Serializable {

  /** One product's sales in the window. */
  public record SkuSales(long purchases, long units, long revenueCents, String promotionId)
      implements Serializable {
    public static final SkuSales NONE = new SkuSales(0, 0, 0, null);
  }

  public SubCategoryWindow {
    sales = new TreeMap<>(sales);
  }

  public SkuSales of(String sku) {
    return sales.getOrDefault(sku, SkuSales.NONE);
  }

  /** An empty window: nothing sold in the sub-category. */
  public static SubCategoryWindow empty(String subCategory, Instant start, Instant end) {
    return new SubCategoryWindow(subCategory, start, end, Map.of());
  }
}
