package io.truelift.workflows.retraining;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * What retraining reads from the database: the stream's all-stores sales windows ({@code
 * windowed_sales}, store {@code '*'}), the catalog ({@code product}) and the promotions.
 */
public interface TrainingDataDao {
  /** One sales window of one product over all stores. */
  record SalesWindow(
      String sku,
      Instant windowStart,
      Instant windowEnd,
      long units,
      long revenueCents,
      String promotionId) {}

  /** A product as the catalog has it. */
  record CatalogRow(
      String sku,
      String category,
      String subCategory,
      long regularPriceCents,
      long unitCostCents) {}

  /** When a product was on promotion ({@code endsAt} null: still running). */
  record PromotionSpan(String sku, Instant startsAt, Instant endsAt) {}

  @SqlQuery("SELECT MAX(window_end) FROM windowed_sales WHERE store_id = '*'")
  Optional<Instant> newestAllStoresWindowEnd();

  /** Streamed (a month of minute windows is a million rows): close the stream. */
  @SqlQuery(
      "SELECT sku, window_start, window_end, units, revenue_cents, promotion_id FROM windowed_sales"
          + " WHERE store_id = '*' AND window_start >= :from AND window_start < :to")
  @RegisterConstructorMapper(SalesWindow.class)
  @FetchSize(5000)
  Stream<SalesWindow> allStoresSales(
      @Bind("from") OffsetDateTime from, @Bind("to") OffsetDateTime to);

  /** The same, of some products only (the primary key leads with sku: a range scan each). */
  @SqlQuery(
      "SELECT sku, window_start, window_end, units, revenue_cents, promotion_id FROM windowed_sales"
          + " WHERE sku IN (<skus>) AND store_id = '*' AND window_start >= :from"
          + " AND window_start < :to")
  @RegisterConstructorMapper(SalesWindow.class)
  @FetchSize(5000)
  Stream<SalesWindow> allStoresSalesOf(
      @Bind("from") OffsetDateTime from,
      @Bind("to") OffsetDateTime to,
      @BindList("skus") Collection<String> skus);

  @SqlQuery("SELECT sku, category, sub_category, regular_price_cents, unit_cost_cents FROM product")
  @RegisterConstructorMapper(CatalogRow.class)
  List<CatalogRow> catalog();

  @SqlQuery(
      "SELECT sku, starts_at, ends_at FROM promotion WHERE starts_at < :to"
          + " AND (ends_at IS NULL OR ends_at > :from)")
  @RegisterConstructorMapper(PromotionSpan.class)
  List<PromotionSpan> promotions(@Bind("from") OffsetDateTime from, @Bind("to") OffsetDateTime to);
}
