package io.truelift.api.core;

import io.truelift.api.db.PromotionDao;
import io.truelift.core.contracts.MarketEvent;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code promotion} table in step with {@code market_events}: the promotion system (the
 * simulator in the local stack) announces each scheduled start and end there, and the API and the
 * workflows their stops and re-prices. The catalog feed ({@code io.truelift.sql.FeedLoader}) is the
 * snapshot; this applies the changes after it. A stop from the promotion system at or after the
 * planned end is the promotion ENDING; any other stop (a manager's, through the API or a workflow,
 * whose event time is the wall clock) is STOPPED. Every update is idempotent and only moves a
 * promotion forward (SCHEDULED -> ACTIVE -> STOPPED/ENDED), so redelivered or reordered events
 * never undo a newer change.
 */
public final class MarketEventProjection {
  private static final Logger log = LoggerFactory.getLogger(MarketEventProjection.class);
  /** Sources of TrueLift's own changes: a person's stop, never a promotion's planned end. */
  static final Set<String> BY_TRUELIFT = Set.of(Promotions.SOURCE, "workflow");

  private final PromotionDao dao;
  private final Clock clock;

  public MarketEventProjection(PromotionDao dao, Clock clock) {
    this.dao = dao;
    this.clock = clock;
  }

  /** Applies one event; returns the number of promotion rows it changed. */
  public int apply(MarketEvent e) {
    var now = clock.instant().atOffset(ZoneOffset.UTC);
    int rows =
        switch (e.type()) {
          case PROMOTION_STARTED -> {
            int started = dao.marketStarted(e.promotionId(), now);
            yield started > 0 || e.promoPriceCents() == null
                ? started
                : dao.marketStartedUnknown(
                    e.promotionId(), e.sku(), e.storeId(), e.promoPriceCents(),
                    e.eventTime().atOffset(ZoneOffset.UTC), e.source(), now);
          }
          case PRICE_CHANGED ->
              e.promoPriceCents() == null ? 0 : dao.marketRepriced(e.promotionId(), e.promoPriceCents(), now);
          case PROMOTION_STOPPED ->
              dao.marketStopped(
                  e.promotionId(), e.eventTime().atOffset(ZoneOffset.UTC), !BY_TRUELIFT.contains(e.source()), now);
        };
    if (rows > 0) {
      log.info("Promotion {}: {} from {} applied (event {})", e.promotionId(), e.type(), e.source(), e.eventId());
    }
    return rows;
  }
}
