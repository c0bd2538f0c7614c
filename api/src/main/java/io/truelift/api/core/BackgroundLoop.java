package io.truelift.api.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * One of the API's background tasks (the outbox relays, action redelivery, the alert stream's
 * poller): run on its own named daemon thread every {@code interval} (fixed delay, the first run
 * after one interval); a run that fails is logged and the next one tries again, since the database
 * or the broker may be away for a while.
 */
final class BackgroundLoop {
  private final ScheduledExecutorService scheduler;
  private final Duration interval;
  private final Runnable guarded;

  /** {@code what} names the task in the warning a failed run logs to {@code log}. */
  BackgroundLoop(String threadName, Duration interval, Logger log, String what, Runnable task) {
    this.interval = interval;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    this.guarded =
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("{} failed (retrying in {}): {}", what, interval, e.toString());
          }
        };
  }

  void start() {
    scheduler.scheduleWithFixedDelay(guarded, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop() {
    scheduler.shutdownNow();
  }
}
