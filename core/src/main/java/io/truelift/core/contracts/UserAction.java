package io.truelift.core.contracts;

import java.time.Instant;

/**
 * A manager's decision on an alert: the workflow's signal (and the contract of topic {@code
 * user-actions}, reserved for an audit stream nothing publishes yet).
 * {@code newPriceCents} is required for {@link ActionType#ADJUST_PRICE}, {@code reason} for {@link
 * ActionType#DISMISS}.
 */
public record UserAction(
    int schemaVersion,
    String actionId,
    String alertId,
    ActionType type,
    Long newPriceCents,
    String reason,
    String actor,
    Instant requestedAt) implements java.io.Serializable {

  public static final int VERSION = 1;

  public UserAction {
    Check.version(schemaVersion, VERSION);
    Check.text("actionId", actionId);
    Check.text("alertId", alertId);
    Check.required("type", type);
    if (type == ActionType.ADJUST_PRICE) {
      Check.required("newPriceCents", newPriceCents);
      Check.positive("newPriceCents", newPriceCents);
    }
    reason = Check.optionalText("reason", reason);
    if (type == ActionType.DISMISS && reason == null) {
      throw new InvalidEventException("reason", "reason is required to dismiss an alert, got null");
    }
    Check.text("actor", actor);
    Check.time("requestedAt", requestedAt);
  }
}
