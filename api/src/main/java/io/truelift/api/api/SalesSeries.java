package io.truelift.api.api;

import java.util.List;

/** A product's actual vs baseline over the alert's period; role PROMOTED or SUBSTITUTE. */
public record SalesSeries(String sku, String role, List<SeriesPoint> points) {
  public SalesSeries {
    points = List.copyOf(points);
  }
}
