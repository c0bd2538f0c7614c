package io.truelift.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated retailer's master data as a feed TrueLift loads ({@code io.truelift.sql.FeedLoader}):
 * {@code products.csv} (the catalog) and {@code promotions.csv} (the promotion schedule with each
 * promotion's status as of {@code asOf}), the exports a retailer's product and promotion systems
 * would deliver. Names and categories never hold a comma or a quote, so the CSV needs no quoting.
 */
public final class CatalogFeed {
  public static final String PRODUCTS_HEADER =
      "sku,name,category,subCategory,regularPriceCents,unitCostCents";
  public static final String PROMOTIONS_HEADER =
      "promotionId,sku,storeId,promoPriceCents,regularPriceCents,start,end,status";

  private CatalogFeed() {}

  /** Writes {@code dir/products.csv} and {@code dir/promotions.csv}; returns the two paths. */
  public static List<Path> write(Path dir, Catalog catalog, List<Promotion> schedule, Instant asOf) {
    List<String> products = new ArrayList<>(List.of(PRODUCTS_HEADER));
    for (Product p : catalog.products()) {
      products.add(
          String.join(
              ",", field(p.sku()), field(p.name()), field(p.category()), field(p.subCategory()),
              Long.toString(p.regularPriceCents()), Long.toString(p.unitCostCents())));
    }
    List<String> promotions = new ArrayList<>(List.of(PROMOTIONS_HEADER));
    for (Promotion p : schedule) {
      promotions.add(
          String.join(
              ",", field(p.promotionId()), field(p.sku()), p.storeId() == null ? "" : field(p.storeId()),
              Long.toString(p.promoPriceCents()),
              Long.toString(catalog.require(p.sku()).regularPriceCents()), p.start().toString(),
              p.end() == null ? "" : p.end().toString(), status(p, asOf)));
    }
    try {
      Files.createDirectories(dir);
      Path productsFile = dir.resolve("products.csv");
      Path promotionsFile = dir.resolve("promotions.csv");
      Files.write(productsFile, products);
      Files.write(promotionsFile, promotions);
      return List.of(productsFile, promotionsFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the catalog feed to " + dir, e);
    }
  }

  /** SCHEDULED before its start, ACTIVE while it runs, ENDED after its planned end. */
  static String status(Promotion p, Instant asOf) {
    if (p.start().isAfter(asOf)) {
      return "SCHEDULED";
    }
    return p.endedBy(asOf) ? "ENDED" : "ACTIVE";
  }

  private static String field(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
      throw new IllegalArgumentException("feed field must not hold a comma, quote or newline: \"" + v + "\"");
    }
    return v;
  }
}
