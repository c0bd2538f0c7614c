package io.truelift.workflows.retraining;

import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.Granularity;
import io.truelift.model.Observation;
import io.truelift.model.data.ShoppingEventBuckets;
import io.truelift.workflows.retraining.TrainingDataDao.CatalogRow;
import io.truelift.workflows.retraining.TrainingDataDao.PromotionSpan;
import io.truelift.workflows.retraining.TrainingDataDao.SalesWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * Sales history from the stream's all-stores windows in {@code windowed_sales}, summed per hour
 * (windows must not overlap, as the pipeline's fixed windows do not; a window longer than an hour
 * is left out). A window is promoted when it carries a {@code promotion_id} or a {@code promotion}
 * of its product overlaps it. Category, sub-category and prices come from {@code product}, else
 * from {@code fallbackCatalog} (the history file's products: the devstack has no {@code product}
 * rows); a product in neither is left out, and the {@link Read} says how many windows.
 */
final class DatabaseSalesSource implements SalesSource {
  private static final Granularity HOUR = Granularity.HOUR;
  private static final Instant CATALOG_TIME = Instant.parse("2000-01-01T00:00:00Z");

  private final Jdbi jdbi;
  private final Supplier<Map<String, ShoppingEvent>> fallbackCatalog;

  DatabaseSalesSource(Jdbi jdbi, Supplier<Map<String, ShoppingEvent>> fallbackCatalog) {
    this.jdbi = jdbi;
    this.fallbackCatalog = fallbackCatalog;
  }

  @Override
  public String kind() {
    return "database";
  }

  @Override
  public String describe() {
    return "windowed_sales (all-stores rows)";
  }

  @Override
  public Optional<Instant> dataEnd() {
    return jdbi.withExtension(TrainingDataDao.class, TrainingDataDao::newestAllStoresWindowEnd)
        .map(HOUR::floor)
        .map(t -> t.plus(HOUR.length()));
  }

  @Override
  public Map<String, ShoppingEvent> catalog() {
    return catalog(jdbi.withExtension(TrainingDataDao.class, TrainingDataDao::catalog));
  }

  private Map<String, ShoppingEvent> catalog(List<CatalogRow> rows) {
    Map<String, ShoppingEvent> out = new LinkedHashMap<>(fallbackCatalog.get());
    for (CatalogRow p : rows) {
      // A sample sale carrying the product's catalog fields, as ShoppingEventBuckets takes them.
      out.put(
          p.sku(),
          new ShoppingEvent(
              ShoppingEvent.VERSION,
              "catalog-" + p.sku(),
              CATALOG_TIME,
              ShoppingEventBuckets.ALL_STORES,
              p.sku(),
              p.category(),
              p.subCategory(),
              1,
              p.regularPriceCents(),
              p.regularPriceCents(),
              null));
    }
    return out;
  }

  @Override
  public Read read(Instant from, Instant to) {
    return read(from, to, null);
  }

  /** {@link #read(Instant, Instant)} of one category's products only ({@code null}: all). */
  Read read(Instant from, Instant to, String category) {
    List<CatalogRow> products = jdbi.withExtension(TrainingDataDao.class, TrainingDataDao::catalog);
    Map<String, ShoppingEvent> catalog = catalog(products);
    List<String> skus =
        category == null
            ? null
            : catalog.values().stream()
                .filter(p -> p.category().equals(category))
                .map(ShoppingEvent::sku)
                .toList();
    if (skus != null && skus.isEmpty()) {
      return new Read(List.of(), "no product of category " + category);
    }
    Map<String, Double> unitCosts = new HashMap<>();
    products.forEach(p -> unitCosts.put(p.sku(), (double) p.unitCostCents()));
    var f = ModelRegistryDao.ts(from);
    var t = ModelRegistryDao.ts(to);
    List<PromotionSpan> promotions =
        jdbi.withExtension(TrainingDataDao.class, d -> d.promotions(f, t));
    ShoppingEventBuckets buckets = new ShoppingEventBuckets(HOUR);
    TreeSet<Instant> hours = new TreeSet<>();
    Set<String> unknown = new TreeSet<>();
    long[] skipped = new long[2]; // unknown products, windows longer than an hour
    // A transaction: PostgreSQL streams with a fetch size only outside auto-commit.
    jdbi.useTransaction(
        h -> {
          TrainingDataDao dao = h.attach(TrainingDataDao.class);
          try (Stream<SalesWindow> rows =
              skus == null ? dao.allStoresSales(f, t) : dao.allStoresSalesOf(f, t, skus)) {
            rows.forEach(
                w -> {
                  ShoppingEvent product = catalog.get(w.sku());
                  if (product == null) {
                    unknown.add(w.sku());
                    skipped[0]++;
                    return;
                  }
                  if (Duration.between(w.windowStart(), w.windowEnd()).compareTo(HOUR.length())
                      > 0) {
                    skipped[1]++;
                    return;
                  }
                  boolean promoted = w.promotionId() != null || overlaps(promotions, w);
                  // A window with units but no revenue (free goods, a bad row) is priced regularly.
                  double revenue =
                      w.revenueCents() > 0 || w.units() == 0
                          ? w.revenueCents()
                          : (double) w.units() * product.regularPriceCents();
                  buckets.addTotals(
                      product, w.windowStart(), w.units(), revenue, promoted ? w.units() : 0, 1);
                  hours.add(HOUR.floor(w.windowStart()));
                });
          }
        });
    StringBuilder s = new StringBuilder();
    if (skipped[0] > 0) {
      s.append(
          "%d windows of products in neither product nor the history file %s"
              .formatted(skipped[0], unknown.size() > 5 ? unknown.size() + " skus" : unknown));
    }
    if (skipped[1] > 0) {
      s.append(s.isEmpty() ? "" : "; ").append(skipped[1] + " windows longer than an hour");
    }
    if (hours.isEmpty()) {
      return new Read(List.of(), s.toString());
    }
    return new Read(
        buckets.observations(
            hours.first(), hours.last().plus(HOUR.length()), unitCosts, DEFAULT_COST_SHARE),
        s.toString());
  }

  private static boolean overlaps(List<PromotionSpan> promotions, SalesWindow w) {
    for (PromotionSpan p : promotions) {
      if (p.sku().equals(w.sku())
          && p.startsAt().isBefore(w.windowEnd())
          && (p.endsAt() == null || p.endsAt().isAfter(w.windowStart()))) {
        return true;
      }
    }
    return false;
  }
}
