package io.truelift.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.truelift.api.core.TemporalAlertWorkflows;
import java.time.Duration;

/**
 * Healthy when the Temporal service answers a system-info call within two seconds. Without it
 * managers' actions are recorded but not executed, so the outage must be visible.
 */
public class TemporalHealthCheck extends HealthCheck {
  private static final Duration DEADLINE = Duration.ofSeconds(2);

  private final TemporalAlertWorkflows temporal;

  public TemporalHealthCheck(TemporalAlertWorkflows temporal) {
    this.temporal = temporal;
  }

  @Override
  protected Result check() {
    try {
      temporal.ping(DEADLINE);
      return Result.healthy("Temporal at %s answers", temporal.target());
    } catch (RuntimeException e) {
      return Result.unhealthy("Temporal at %s unreachable: %s", temporal.target(), e.getMessage());
    }
  }
}
