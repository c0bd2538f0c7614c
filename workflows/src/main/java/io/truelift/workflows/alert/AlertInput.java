package io.truelift.workflows.alert;

import io.truelift.core.contracts.CannibalizationAlert;
import java.util.Objects;

/**
 * The input of one alert's lifecycle: the alert as detected, how long to wait for a manager
 * (escalate after {@code escalateAfterSeconds}, close unanswered after {@code maxWaitSeconds}; 0
 * means the defaults of 24 hours and 7 days) and the worker's {@link LifecycleSettings} (null, as
 * in inputs recorded before they existed: the defaults). One record keeps the workflow signature
 * evolvable.
 */
public record AlertInput(
    CannibalizationAlert alert,
    long escalateAfterSeconds,
    long maxWaitSeconds,
    LifecycleSettings settings) {
  public static final long DEFAULT_ESCALATE_AFTER_SECONDS = 24 * 3600;
  public static final long DEFAULT_MAX_WAIT_SECONDS = 7 * 24 * 3600;

  public AlertInput {
    Objects.requireNonNull(alert, "alert");
    if (escalateAfterSeconds < 0 || maxWaitSeconds < 0) {
      throw new IllegalArgumentException(
          "escalateAfterSeconds and maxWaitSeconds must be >= 0, got %d and %d"
              .formatted(escalateAfterSeconds, maxWaitSeconds));
    }
  }

  public AlertInput(CannibalizationAlert alert, long escalateAfterSeconds, long maxWaitSeconds) {
    this(alert, escalateAfterSeconds, maxWaitSeconds, null);
  }

  public AlertInput(CannibalizationAlert alert) {
    this(alert, 0, 0);
  }

  public LifecycleSettings effectiveSettings() {
    return settings == null ? LifecycleSettings.DEFAULTS : settings;
  }

  public long effectiveEscalateAfterSeconds() {
    return escalateAfterSeconds > 0 ? escalateAfterSeconds : DEFAULT_ESCALATE_AFTER_SECONDS;
  }

  public long effectiveMaxWaitSeconds() {
    return Math.max(
        maxWaitSeconds > 0 ? maxWaitSeconds : DEFAULT_MAX_WAIT_SECONDS,
        effectiveEscalateAfterSeconds());
  }
}
