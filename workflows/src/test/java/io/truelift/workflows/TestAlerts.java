package io.truelift.workflows;

import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.Severity;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.core.contracts.UserAction;
import java.time.Instant;
import java.util.List;

/** Fixtures shared by the workflow tests. */
public final class TestAlerts {
  private TestAlerts() {}

  public static CannibalizationAlert alert(String promotionId) {
    return new CannibalizationAlert(
        1,
        promotionId + "-e1",
        promotionId,
        "PIZZA-4CH",
        "FROZEN",
        "FROZEN PIZZA",
        Instant.parse("2026-01-05T10:33:00Z"),
        Instant.parse("2026-01-05T09:20:00Z"),
        Instant.parse("2026-01-05T10:33:00Z"),
        82.8,
        74.5,
        0.9,
        37941,
        6.08,
        Severity.HIGH,
        List.of(
            new SubstituteLoss("PIZZA-PEP", 103.3, 56, 47.3),
            new SubstituteLoss("PIZZA-SUP", 50.6, 45, 5.6),
            new SubstituteLoss("PIZZA-PB", 60.7, 39, 21.7)));
  }

  /** The pipeline's retraction of {@code alert}: late data corrected its windows. */
  public static AlertRetraction retraction(CannibalizationAlert alert) {
    return AlertRetraction.of(
        alert.alertId(),
        alert.promotionId(),
        alert.windowStart(),
        alert.windowEnd().plusSeconds(60),
        alert.windowEnd().plusSeconds(60),
        "Late data within the allowed lateness corrected the windows: the sequential test no"
            + " longer fires for promotion " + alert.promotionId());
  }

  public static UserAction action(String alertId, ActionType type, String actionId) {
    return new UserAction(
        1,
        actionId,
        alertId,
        type,
        type == ActionType.ADJUST_PRICE ? 479L : null,
        type == ActionType.DISMISS ? "planned loss leader" : null,
        "maria",
        Instant.parse("2026-01-05T11:00:00Z"));
  }
}
