package io.truelift.api.core;

import io.dropwizard.lifecycle.Managed;
import io.truelift.api.db.AlertDao;
import io.truelift.api.db.AlertDao.UnsignalledAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every stored but unexecuted action to its workflow. The API stores an action before it
 * signals the workflow, so a Temporal outage (the 503 answer) or an API crash between the two
 * leaves a REQUESTED row the workflow may never have heard of; this loop signals such rows again,
 * with a growing pause per action, until the worker marks them EXECUTED. A repeated signal is
 * harmless: the workflow keeps only the first action it receives.
 */
public class ActionRedelivery implements Managed {
  /** How often the loop looks for unexecuted actions. */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  /** An action younger than this is left to the request that stored it. */
  static final Duration GRACE = Duration.ofSeconds(10);

  /** The longest pause between two signals of one action. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  static final int BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(ActionRedelivery.class);

  private final AlertDao alerts;
  private final AlertWorkflows workflows;
  private final Clock clock;
  // Only the loop's thread touches this: when each pending action may be signalled next.
  private final Map<String, Attempt> attempts = new HashMap<>();
  // The database may be down; the next run tries again.
  private final BackgroundLoop loop =
      new BackgroundLoop("action-redelivery", INTERVAL, log, "Looking for unexecuted actions", this::redeliver);

  private record Attempt(Instant next, Duration backoff) {}

  public ActionRedelivery(AlertDao alerts, AlertWorkflows workflows, Clock clock) {
    this.alerts = alerts;
    this.workflows = workflows;
    this.clock = clock;
  }

  @Override
  public void start() {
    loop.start();
  }

  @Override
  public void stop() {
    loop.stop();
  }

  /** One pass: signals each pending action whose pause is over; returns how many it signalled. */
  int redeliver() {
    Instant now = clock.instant();
    List<UnsignalledAction> pending =
        alerts.unexecutedActions(now.minus(GRACE).atOffset(ZoneOffset.UTC), BATCH);
    Set<String> ids = pending.stream().map(UnsignalledAction::actionId).collect(Collectors.toSet());
    attempts.keySet().retainAll(ids);
    int signalled = 0;
    for (UnsignalledAction a : pending) {
      Attempt last = attempts.get(a.actionId());
      if (last != null && now.isBefore(last.next())) {
        continue;
      }
      Duration backoff =
          last == null
              ? INTERVAL
              : (last.backoff().multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                  ? MAX_BACKOFF
                  : last.backoff().multipliedBy(2));
      attempts.put(a.actionId(), new Attempt(now.plus(backoff), backoff));
      try {
        workflows.signalAction(a.workflowIdOrDefault(), a.toUserAction());
        signalled++;
        log.info(
            "Signalled action {} of alert {} to {} again: still REQUESTED {} after it was stored",
            a.actionId(),
            a.alertId(),
            a.workflowIdOrDefault(),
            Duration.between(a.requestedAt(), now));
      } catch (AlertWorkflows.WorkflowUnavailableException e) {
        log.warn(
            "Action {} of alert {} still not handed to its workflow (next try in {}): {}",
            a.actionId(),
            a.alertId(),
            backoff,
            e.getMessage());
      }
    }
    return signalled;
  }
}
