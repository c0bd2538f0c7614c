package io.truelift.core.contracts;

import java.time.Instant;

/**
 * The retraction of an alert already published on {@code cannibalization-alerts}: late data
 * within the allowed lateness corrected the windows behind it and the corrected evidence no
 * longer supports it. Keyed by the alert's {@code alertId}, told apart from an alert by {@code
 * type = RETRACTION}. {@code windowStart}/{@code windowEnd} is the corrected evidence period and
 * {@code retractedAt} the event time of the correction (the end of the last corrected window), so
 * a replay of the same input carries the same retraction.
 */
public record AlertRetraction(
    int schemaVersion,
    AlertMessageType type,
    String alertId,
    String promotionId,
    Instant windowStart,
    Instant windowEnd,
    Instant retractedAt,
    String reason) implements AlertMessage, java.io.Serializable {

  public static final int VERSION = 1;

  public AlertRetraction {
    Check.version(schemaVersion, VERSION);
    Check.required("type", type);
    if (type != AlertMessageType.RETRACTION) {
      throw new InvalidEventException("type", "type must be RETRACTION, got " + type);
    }
    Check.text("alertId", alertId);
    Check.text("promotionId", promotionId);
    Check.window(windowStart, windowEnd);
    Check.time("retractedAt", retractedAt);
    reason = Check.optionalText("reason", reason);
    Check.required("reason", reason);
  }

  /** A version-1 retraction. */
  public static AlertRetraction of(
      String alertId,
      String promotionId,
      Instant windowStart,
      Instant windowEnd,
      Instant retractedAt,
      String reason) {
    return new AlertRetraction(
        VERSION,
        AlertMessageType.RETRACTION,
        alertId,
        promotionId,
        windowStart,
        windowEnd,
        retractedAt,
        reason);
  }
}
