package io.truelift.core.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A detected, material cannibalization of a promotion's substitutes, on topic {@code
 * cannibalization-alerts}. {@code alertId} is derived from the promotion and its episode, so the
 * same detection replayed carries the same id and starts no second workflow. It carries no {@code
 * type} field (see {@link AlertMessage#decode}); a later {@link AlertRetraction} with the same id
 * withdraws it.
 */
public record CannibalizationAlert(
    int schemaVersion,
    String alertId,
    String promotionId,
    String promotedSku,
    String category,
    String subCategory,
    Instant detectedAt,
    Instant windowStart,
    Instant windowEnd,
    double grossLiftUnits,
    double cannibalizedUnits,
    double cannibalizationRate,
    long lostRevenueCents,
    double testStatistic,
    Severity severity,
    List<SubstituteLoss> substitutes) implements AlertMessage, java.io.Serializable {

  public static final int VERSION = 1;

  public CannibalizationAlert {
    Check.version(schemaVersion, VERSION);
    Check.text("alertId", alertId);
    Check.text("promotionId", promotionId);
    Check.text("promotedSku", promotedSku);
    Check.text("category", category);
    Check.text("subCategory", subCategory);
    Check.time("detectedAt", detectedAt);
    Check.time("windowStart", windowStart);
    Check.time("windowEnd", windowEnd);
    Check.finite("grossLiftUnits", grossLiftUnits);
    Check.finite("cannibalizedUnits", cannibalizedUnits);
    Check.finite("cannibalizationRate", cannibalizationRate);
    Check.nonNegative("lostRevenueCents", lostRevenueCents);
    Check.finite("testStatistic", testStatistic);
    Check.required("severity", severity);
    Check.required("substitutes", substitutes);
    substitutes = List.copyOf(substitutes);
  }

  /** The workflow id of this alert's lifecycle: one workflow per alert, whatever the replays. */
  @Override
  public String workflowId() {
    return "alert-" + alertId;
  }
}
