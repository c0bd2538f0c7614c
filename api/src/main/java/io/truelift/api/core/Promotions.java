package io.truelift.api.core;

import io.truelift.api.api.ProductView;
import io.truelift.api.api.PromotionView;
import io.truelift.api.auth.User;
import io.truelift.api.db.PromotionDao;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import io.truelift.api.resources.ApiErrors;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates, stops and re-prices promotions. Each change is one transaction (the promotion row, its
 * audit entry naming the user, its market event in the outbox), then the event is published on
 * {@code market_events} keyed by promotion id with source {@code api}; an event the broker did not
 * take is sent again by {@link OutboxRelay} under the same {@code eventId}.
 */
public final class Promotions {
  public static final String SOURCE = "api";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Runs work in one transaction (tests pass the DAO straight through). */
  @FunctionalInterface
  public interface Transactions {
    <T> T inTransaction(Function<PromotionDao, T> work);

    static Transactions of(Jdbi jdbi) {
      return new Transactions() {
        @Override
        public <T> T inTransaction(Function<PromotionDao, T> work) {
          return jdbi.inTransaction(h -> work.apply(h.attach(PromotionDao.class)));
        }
      };
    }
  }

  private final PromotionDao dao;
  private final Transactions tx;
  private final Catalog catalog;
  private final OutboxRelay relay;
  private final Clock clock;

  public Promotions(PromotionDao dao, Transactions tx, Catalog catalog, OutboxRelay relay, Clock clock) {
    this.dao = dao;
    this.tx = tx;
    this.catalog = catalog;
    this.relay = relay;
    this.clock = clock;
  }

  /** A stored change and whether its event reached Kafka already. */
  public record Outcome(PromotionView promotion, boolean published) {}

  public Outcome create(User user, String sku, long promoPriceCents, Instant startsAt, Instant endsAt) {
    ProductView product =
        catalog
            .product(sku)
            .orElseThrow(() -> ApiErrors.unprocessable("sku must be a catalog product, got \"" + sku + "\""));
    checkPrice(promoPriceCents, product);
    Instant now = clock.instant();
    Instant start = startsAt == null ? now : startsAt;
    if (endsAt != null && !endsAt.isAfter(now)) {
      throw ApiErrors.unprocessable("endsAt must be in the future, got " + endsAt);
    }
    String promotionId = "PA-" + HexFormat.of().formatHex(randomBytes(5));
    String status = start.isAfter(now) ? "SCHEDULED" : "ACTIVE";
    MarketEvent event =
        new MarketEvent(
            MarketEvent.VERSION, eventId(promotionId, 1), start, MarketEventType.PROMOTION_STARTED,
            promotionId, sku, null, promoPriceCents, SOURCE, "created by " + user.username());
    tx.inTransaction(
        d -> {
          d.insert(
              promotionId, sku, promoPriceCents, product.regularPriceCents(), start.atOffset(ZoneOffset.UTC),
              endsAt == null ? null : endsAt.atOffset(ZoneOffset.UTC), status, user.username(),
              now.atOffset(ZoneOffset.UTC));
          d.record(change(event, user, "PROMOTION_CREATE",
              "sku=%s promoPriceCents=%d startsAt=%s%s".formatted(
                  sku, promoPriceCents, start, endsAt == null ? "" : " endsAt=" + endsAt), now));
          return null;
        });
    return new Outcome(find(promotionId), publish(event));
  }

  public Outcome stop(User user, String promotionId) {
    PromotionView p = find(promotionId);
    Instant now = clock.instant();
    MarketEvent event =
        tx.inTransaction(
            d -> {
              if (d.stop(promotionId, now.atOffset(ZoneOffset.UTC)) == 0) {
                throw ApiErrors.conflict(
                    "Promotion %s is %s; only a PLANNED or ACTIVE promotion can be stopped".formatted(promotionId, p.status()));
              }
              MarketEvent e =
                  new MarketEvent(
                      MarketEvent.VERSION, eventId(promotionId, d.outboxCount(promotionId) + 1), now,
                      MarketEventType.PROMOTION_STOPPED, promotionId, p.sku(), p.storeId(), null, SOURCE,
                      "stopped by " + user.username());
              d.record(change(e, user, "PROMOTION_STOP", "was " + p.status(), now));
              return e;
            });
    return new Outcome(find(promotionId), publish(event));
  }

  public Outcome reprice(User user, String promotionId, long promoPriceCents) {
    PromotionView p = find(promotionId);
    if (promoPriceCents > p.regularPriceCents()) {
      throw ApiErrors.unprocessable(
          "promoPriceCents must be <= the regular price %d of %s, got %d"
              .formatted(p.regularPriceCents(), p.sku(), promoPriceCents));
    }
    Instant now = clock.instant();
    MarketEvent event =
        tx.inTransaction(
            d -> {
              if (d.reprice(promotionId, promoPriceCents, now.atOffset(ZoneOffset.UTC)) == 0) {
                throw ApiErrors.conflict(
                    "Promotion %s is %s; only a PLANNED or ACTIVE promotion can be re-priced".formatted(promotionId, p.status()));
              }
              MarketEvent e =
                  new MarketEvent(
                      MarketEvent.VERSION, eventId(promotionId, d.outboxCount(promotionId) + 1), now,
                      MarketEventType.PRICE_CHANGED, promotionId, p.sku(), p.storeId(), promoPriceCents, SOURCE,
                      "re-priced by " + user.username());
              d.record(change(e, user, "PROMOTION_PRICE",
                  "promoPriceCents %d -> %d".formatted(p.promoPriceCents(), promoPriceCents), now));
              return e;
            });
    return new Outcome(find(promotionId), publish(event));
  }

  public PromotionView find(String promotionId) {
    return dao.find(promotionId).orElseThrow(() -> ApiErrors.notFound("No promotion " + promotionId));
  }

  public Optional<PromotionView> findOptional(String promotionId) {
    return dao.find(promotionId);
  }

  private static void checkPrice(long promoPriceCents, ProductView product) {
    if (promoPriceCents > product.regularPriceCents()) {
      throw ApiErrors.unprocessable(
          "promoPriceCents must be <= the regular price %d of %s, got %d"
              .formatted(product.regularPriceCents(), product.sku(), promoPriceCents));
    }
  }

  /** The n-th change of a promotion: the same change always carries the same id. */
  static String eventId(String promotionId, int n) {
    return "api-" + promotionId + "-" + n;
  }

  private static PromotionDao.Change change(MarketEvent e, User user, String operation, String detail, Instant at) {
    return new PromotionDao.Change(
        e.eventId(), e.promotionId(), e.type().name(), EventJson.encode(e), user.username(), operation,
        "eventId=" + e.eventId() + " " + detail, at);
  }

  private boolean publish(MarketEvent e) {
    return relay.publish(e.promotionId(), e.eventId(), EventJson.encode(e));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
