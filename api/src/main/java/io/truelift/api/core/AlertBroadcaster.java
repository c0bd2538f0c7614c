package io.truelift.api.core;

import io.dropwizard.lifecycle.Managed;
import io.truelift.api.api.AlertRow;
import io.truelift.api.db.AlertDao;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes every new or changed alert to the dashboards connected over Server-Sent Events. One poller
 * serves all clients: the database is the source of truth (the worker writes it), so polling {@code
 * updated_at} once a second costs one query however many dashboards listen.
 */
public class AlertBroadcaster implements Managed {
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(AlertBroadcaster.class);

  private final AlertDao alerts;
  private final Clock clock;
  private final BackgroundLoop loop =
      new BackgroundLoop("alert-broadcaster", POLL_INTERVAL, log, "Alert stream poll", this::poll);
  private volatile Sse sse;
  private volatile SseBroadcaster broadcaster;
  // Only the poller thread touches these.
  private Instant lastSeen;
  private final Set<String> sentAtLastSeen = new HashSet<>();
  private Instant lastHeartbeat;

  public AlertBroadcaster(AlertDao alerts, Clock clock) {
    this.alerts = alerts;
    this.clock = clock;
    this.lastSeen = clock.instant();
    this.lastHeartbeat = clock.instant();
  }

  /** Adds a client; it receives every alert that appears or changes from now on. */
  public synchronized void register(SseEventSink sink, Sse sse) {
    if (broadcaster == null) {
      this.sse = sse;
      this.broadcaster = sse.newBroadcaster();
    }
    broadcaster.register(sink);
    // An early comment makes the browser see the stream as open right away.
    sink.send(sse.newEventBuilder().comment("connected").build());
  }

  @Override
  public void start() {
    loop.start();
  }

  /** One poll: broadcast alerts updated since the last one, and a heartbeat when it is due. */
  void poll() {
    SseBroadcaster target = broadcaster;
    if (target == null) {
      // Nobody listens yet: nothing older than the first client needs sending.
      lastSeen = clock.instant();
      sentAtLastSeen.clear();
      return;
    }
    // ">=" plus the ids already sent at lastSeen: rows committed later with the same
    // timestamp are neither lost nor sent twice.
    for (AlertRow row : alerts.updatedSince(lastSeen.atOffset(ZoneOffset.UTC))) {
      String key = row.alertId();
      if (row.updatedAt().equals(lastSeen) && sentAtLastSeen.contains(key)) {
        continue;
      }
      OutboundSseEvent event =
          sse.newEventBuilder()
              .name("alert")
              .id(row.alertId())
              .mediaType(MediaType.APPLICATION_JSON_TYPE)
              .data(row.summary())
              .build();
      target.broadcast(event);
      if (row.updatedAt().isAfter(lastSeen)) {
        lastSeen = row.updatedAt();
        sentAtLastSeen.clear();
      }
      sentAtLastSeen.add(key);
    }
    Instant now = clock.instant();
    if (!now.isBefore(lastHeartbeat.plus(HEARTBEAT_INTERVAL))) {
      // Keeps proxies and browsers from closing an idle stream.
      target.broadcast(sse.newEventBuilder().comment("heartbeat").build());
      lastHeartbeat = now;
    }
  }

  @Override
  public void stop() {
    loop.stop();
    SseBroadcaster target = broadcaster;
    if (target != null) {
      target.close();
    }
  }
}
