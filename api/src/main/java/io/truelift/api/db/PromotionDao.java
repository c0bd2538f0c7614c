package io.truelift.api.db;

import io.truelift.api.api.PromotionView;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Promotions and the outbox of their market events. Every change writes the promotion row, its
 * audit entry and its outbox event in one transaction; publishing happens after commit.
 */
public interface PromotionDao extends AuditLogDao {
  /** The stored status; the API shows SCHEDULED as PLANNED. */
  String VIEW =
      "SELECT p.promotion_id, p.sku, COALESCE(pr.name, p.sku) AS product_name,"
          + " COALESCE(pr.category, '') AS category, COALESCE(pr.sub_category, '') AS sub_category,"
          + " CASE p.status WHEN 'SCHEDULED' THEN 'PLANNED' ELSE p.status END AS status,"
          + " p.promo_price_cents, p.regular_price_cents, p.starts_at, p.ends_at,"
          + " (SELECT MAX(a.alert_id) FROM alert a WHERE a.promotion_id = p.promotion_id) AS alert_id,"
          + " p.store_id, p.created_by"
          + " FROM promotion p LEFT JOIN product pr ON pr.sku = p.sku";

  @SqlQuery(
      VIEW
          + " WHERE (CAST(:status AS VARCHAR(16)) IS NULL OR p.status = CAST(:status AS VARCHAR(16)))"
          + " ORDER BY p.starts_at DESC, p.promotion_id LIMIT :limit OFFSET :offset")
  @RegisterConstructorMapper(PromotionView.class)
  List<PromotionView> list(
      @Bind("status") String storedStatus, @Bind("limit") int limit, @Bind("offset") int offset);

  @SqlQuery(
      "SELECT COUNT(*) FROM promotion p WHERE (CAST(:status AS VARCHAR(16)) IS NULL OR p.status ="
          + " CAST(:status AS VARCHAR(16)))")
  long count(@Bind("status") String storedStatus);

  @SqlQuery(VIEW + " WHERE p.promotion_id = :id")
  @RegisterConstructorMapper(PromotionView.class)
  Optional<PromotionView> find(@Bind("id") String promotionId);

  @SqlUpdate(
      "INSERT INTO promotion (promotion_id, sku, store_id, promo_price_cents, regular_price_cents,"
          + " starts_at, ends_at, status, created_by, created_at, updated_at) VALUES (:id, :sku,"
          + " NULL, :promo, :regular, :startsAt, :endsAt, :status, :actor, :now, :now)")
  void insert(
      @Bind("id") String promotionId,
      @Bind("sku") String sku,
      @Bind("promo") long promoPriceCents,
      @Bind("regular") long regularPriceCents,
      @Bind("startsAt") OffsetDateTime startsAt,
      @Bind("endsAt") OffsetDateTime endsAt,
      @Bind("status") String status,
      @Bind("actor") String actor,
      @Bind("now") OffsetDateTime now);

  /** Stops a running or planned promotion; 0 rows when it already ended or was stopped. */
  @SqlUpdate(
      "UPDATE promotion SET status = 'STOPPED', ends_at = :now, updated_at = :now"
          + " WHERE promotion_id = :id AND status IN ('SCHEDULED', 'ACTIVE')")
  int stop(@Bind("id") String promotionId, @Bind("now") OffsetDateTime now);

  @SqlUpdate(
      "UPDATE promotion SET promo_price_cents = :price, updated_at = :now"
          + " WHERE promotion_id = :id AND status IN ('SCHEDULED', 'ACTIVE')")
  int reprice(
      @Bind("id") String promotionId, @Bind("price") long promoPriceCents, @Bind("now") OffsetDateTime now);

  // The market's own changes, read back from market_events (MarketEventProjection). Each is
  // idempotent and only moves a promotion forward, so a redelivered or older event never undoes a
  // newer change the API or a workflow already wrote.

  /** A promotion started on the market: SCHEDULED becomes ACTIVE. */
  @SqlUpdate(
      "UPDATE promotion SET status = 'ACTIVE', updated_at = :now WHERE promotion_id = :id AND status = 'SCHEDULED'")
  int marketStarted(@Bind("id") String promotionId, @Bind("now") OffsetDateTime now);

  /** A promotion started on the market that no feed or API call told us about, if its sku is known. */
  @SqlUpdate(
      "INSERT INTO promotion (promotion_id, sku, store_id, promo_price_cents, regular_price_cents,"
          + " starts_at, ends_at, status, created_by, created_at, updated_at)"
          + " SELECT :id, pr.sku, :store, :promo, pr.regular_price_cents, :startsAt, NULL, 'ACTIVE', :source,"
          + " :now, :now FROM product pr WHERE pr.sku = :sku"
          + " AND NOT EXISTS (SELECT 1 FROM promotion p WHERE p.promotion_id = :id)")
  int marketStartedUnknown(
      @Bind("id") String promotionId,
      @Bind("sku") String sku,
      @Bind("store") String storeId,
      @Bind("promo") long promoPriceCents,
      @Bind("startsAt") OffsetDateTime startsAt,
      @Bind("source") String source,
      @Bind("now") OffsetDateTime now);

  /** A running or planned promotion re-priced on the market. */
  @SqlUpdate(
      "UPDATE promotion SET promo_price_cents = :price, updated_at = :now WHERE promotion_id = :id"
          + " AND status IN ('SCHEDULED', 'ACTIVE') AND promo_price_cents <> :price")
  int marketRepriced(
      @Bind("id") String promotionId, @Bind("price") long promoPriceCents, @Bind("now") OffsetDateTime now);

  /**
   * A running or planned promotion stopped on the market at {@code at}: ENDED when the promotion
   * system ({@code scheduled}) announced it at or after its planned end, else STOPPED (ending at
   * {@code at}). A stop by TrueLift (the API, a workflow) is always STOPPED: its time is the wall
   * clock, which a simulated market's planned end says nothing about.
   */
  @SqlUpdate(
      "UPDATE promotion SET status = CASE WHEN CAST(:scheduled AS BOOLEAN) AND ends_at IS NOT NULL"
          + " AND ends_at <= :at THEN 'ENDED' ELSE 'STOPPED' END,"
          + " ends_at = CASE WHEN CAST(:scheduled AS BOOLEAN) AND ends_at IS NOT NULL AND ends_at <= :at"
          + " THEN ends_at ELSE :at END,"
          + " updated_at = :now WHERE promotion_id = :id AND status IN ('SCHEDULED', 'ACTIVE')")
  int marketStopped(
      @Bind("id") String promotionId,
      @Bind("at") OffsetDateTime at,
      @Bind("scheduled") boolean scheduled,
      @Bind("now") OffsetDateTime now);

  @SqlQuery("SELECT COUNT(*) FROM market_event_outbox WHERE promotion_id = :id")
  int outboxCount(@Bind("id") String promotionId);

  @SqlUpdate(
      "INSERT INTO market_event_outbox (event_id, promotion_id, event_type, payload, created_at)"
          + " VALUES (:id, :promotionId, :type, :payload, :at)")
  void insertOutbox(
      @Bind("id") String eventId,
      @Bind("promotionId") String promotionId,
      @Bind("type") String type,
      @Bind("payload") String payload,
      @Bind("at") OffsetDateTime at);

  /** An event stored for publication. */
  record OutboxEvent(String eventId, String promotionId, String payload, Instant createdAt) {}

  @SqlQuery(
      "SELECT event_id, promotion_id, payload, created_at FROM market_event_outbox"
          + " WHERE published_at IS NULL AND created_at <= :before ORDER BY created_at, event_id"
          + " LIMIT :limit")
  @RegisterConstructorMapper(OutboxEvent.class)
  List<OutboxEvent> unpublished(@Bind("before") OffsetDateTime before, @Bind("limit") int limit);

  @SqlUpdate("UPDATE market_event_outbox SET published_at = :at WHERE event_id = :id")
  int markPublished(@Bind("id") String eventId, @Bind("at") OffsetDateTime at);

  /** A promotion change to store: the row change is done by the caller inside the transaction. */
  record Change(
      String eventId, String promotionId, String eventType, String payload, String actor,
      String operation, String detail, Instant at) {}

  /** Stores the audit entry and the outbox event of a change, in the caller's transaction. */
  default void record(Change c) {
    OffsetDateTime at = c.at().atOffset(java.time.ZoneOffset.UTC);
    insertAudit(java.util.UUID.randomUUID().toString(), c.actor(), c.operation(), c.promotionId(), c.detail(), at);
    insertOutbox(c.eventId(), c.promotionId(), c.eventType(), c.payload(), at);
  }

  @Transaction
  default <T> T inTransaction(java.util.function.Function<PromotionDao, T> work) {
    return work.apply(this);
  }
}
