package io.truelift.api.core;

import io.dropwizard.lifecycle.Managed;
import io.truelift.api.db.AlertDao;
import io.truelift.api.db.AlertDao.StoredAction;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.InvalidEventException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every stored action to the {@code user-actions} audit stream (key alertId, the {@code
 * UserAction} contract), oldest first, and marks it published once Kafka has acknowledged it. The
 * {@code user_action} row, written with its audit entry in the request's transaction (by the API,
 * or by the worker for an action it executes without one), is the outbox: an outage of Kafka or a
 * restart loses nothing, and a row sent again after a crash between the send and the mark keeps its
 * actionId, so consumers recognise the repeat (at-least-once, like every stream here).
 */
public final class UserActionRelay implements Managed {
  static final Duration INTERVAL = Duration.ofSeconds(2);
  static final int BATCH = 200;

  private static final Logger log = LoggerFactory.getLogger(UserActionRelay.class);

  private final AlertDao alerts;
  /** Any keyed, acknowledged send to one topic; here the user-actions topic's. */
  private final MarketEventPublisher publisher;
  private final Clock clock;
  private final BackgroundLoop loop =
      new BackgroundLoop("user-actions-relay", INTERVAL, log, "User-actions relay", this::relayAndLog);

  public UserActionRelay(AlertDao alerts, MarketEventPublisher publisher, Clock clock) {
    this.alerts = alerts;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** Sends the unpublished actions in order until one fails; the number sent. */
  int relay() {
    int sent = 0;
    for (StoredAction a : alerts.unpublishedActions(BATCH)) {
      String payload;
      try {
        payload = EventJson.encode(a.toUserAction());
      } catch (InvalidEventException | IllegalArgumentException e) {
        // Not expressible as the contract (the API and the worker validate before storing, so
        // only a row written by hand gets here): left out of the stream, said once, loudly.
        log.error("Action {} of alert {} is not a valid UserAction and is left out of the stream: {}",
            a.actionId(), a.alertId(), e.getMessage());
        alerts.markActionPublished(a.actionId(), clock.instant().atOffset(ZoneOffset.UTC));
        continue;
      }
      try {
        publisher.publish(a.alertId(), a.actionId(), payload);
      } catch (MarketEventPublisher.PublishException e) {
        log.warn("Action {} waits for the user-actions stream (sent again within {}): {}",
            a.actionId(), INTERVAL, e.getMessage());
        break; // the broker is down: the rest would fail the same way, and order matters
      }
      alerts.markActionPublished(a.actionId(), clock.instant().atOffset(ZoneOffset.UTC));
      sent++;
    }
    return sent;
  }

  private void relayAndLog() {
    int n = relay();
    if (n > 0) {
      log.info("Published {} action(s) to the user-actions stream", n);
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
