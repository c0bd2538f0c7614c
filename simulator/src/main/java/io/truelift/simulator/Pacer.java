package io.truelift.simulator;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Keeps simulated time in step with the wall clock: simulated time runs {@code compression} times
 * faster. {@link #NONE} runs as fast as possible (files, tests, history).
 */
public interface Pacer {
  /**
   * Waits until {@code target} is due, or until {@code interrupt} says there is something to do.
   * Returns the simulated time reached: {@code target}, or an earlier time in {@code [from,
   * target]} if interrupted.
   */
  Instant waitUntil(Instant from, Instant target, BooleanSupplier interrupt);

  Pacer NONE = (from, target, interrupt) -> target;

  /** Paces against the wall clock from now on, simulated {@code simStart} being now. */
  static Pacer realTime(Instant simStart, double compression) {
    long wallStart = System.nanoTime();
    long simStartMillis = simStart.toEpochMilli();
    return (from, target, interrupt) -> {
      // Millisecond arithmetic: this runs once per shopper, tens of thousands of times a second.
      long dueNanos =
          wallStart + (long) ((target.toEpochMilli() - simStartMillis) * 1_000_000.0 / compression);
      while (true) {
        long now = System.nanoTime();
        if (now >= dueNanos) {
          return target;
        }
        if (interrupt.getAsBoolean()) {
          Instant simNow = simStart.plusNanos((long) ((now - wallStart) * compression));
          return simNow.isBefore(from) ? from : simNow.isAfter(target) ? target : simNow;
        }
        // Short slices so that a stop from market_events is applied within ~50 ms of wall time.
        long sleepNanos = Math.min(dueNanos - now, 50_000_000L);
        try {
          Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return target;
        }
      }
    };
  }
}
