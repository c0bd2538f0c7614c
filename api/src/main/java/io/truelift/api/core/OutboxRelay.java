package io.truelift.api.core;

import io.dropwizard.lifecycle.Managed;
import io.truelift.api.db.PromotionDao;
import io.truelift.api.db.PromotionDao.OutboxEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox's events: right after the request that stored one, and again every few
 * seconds for those still unpublished (Kafka was down, the API stopped in between). An event keeps
 * its id however often it is sent, so consumers recognise a repeat.
 */
public final class OutboxRelay implements Managed {
  static final Duration INTERVAL = Duration.ofSeconds(5);
  static final int BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final PromotionDao promotions;
  private final MarketEventPublisher publisher;
  private final Clock clock;
  private final BackgroundLoop loop =
      new BackgroundLoop("market-event-outbox", INTERVAL, log, "Outbox relay", this::relayAndLog);

  public OutboxRelay(PromotionDao promotions, MarketEventPublisher publisher, Clock clock) {
    this.promotions = promotions;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** Publishes one event now and marks it; false (logged) when the broker did not take it. */
  public boolean publish(String promotionId, String eventId, String payload) {
    try {
      publisher.publish(promotionId, eventId, payload);
      promotions.markPublished(eventId, clock.instant().atOffset(ZoneOffset.UTC));
      return true;
    } catch (MarketEventPublisher.PublishException e) {
      log.warn("Event {} stays in the outbox (sent again within {}): {}", eventId, INTERVAL, e.getMessage());
      return false;
    }
  }

  /** Sends every event stored more than one interval ago and not yet published; the count sent. */
  int relay() {
    int sent = 0;
    for (OutboxEvent e :
        promotions.unpublished(clock.instant().minus(INTERVAL).atOffset(ZoneOffset.UTC), BATCH)) {
      if (!publish(e.promotionId(), e.eventId(), e.payload())) {
        break; // the broker is down: the rest would fail the same way
      }
      sent++;
    }
    return sent;
  }

  private void relayAndLog() {
    int n = relay();
    if (n > 0) {
      log.info("Published {} market event(s) from the outbox", n);
    }
  }

  @Override
  public void start() {
    loop.start();
  }

  @Override
  public void stop() {
    loop.stop();
    publisher.close();
  }
}
