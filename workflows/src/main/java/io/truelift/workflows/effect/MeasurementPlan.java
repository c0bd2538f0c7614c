package io.truelift.workflows.effect;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one measurement compares: the group (promoted item + substitutes), the store the action
 * touched (null: every store), and the periods around the action. The post period is {@code
 * [anchor, anchor + window)}; the pre period ends at the anchor and reaches back a whole number of
 * buckets, at most {@code window}, and not before {@code evidenceStart} (the alert's evidence,
 * during the promotion) so both periods see the promotion's state before and after the action.
 */
public record MeasurementPlan(
    String promotionId,
    String promotedSku,
    List<String> substitutes,
    String category,
    String subCategory,
    String treatedStore,
    Instant evidenceStart,
    Instant anchor,
    EffectivenessSettings settings) {

  public MeasurementPlan {
    Objects.requireNonNull(promotedSku, "promotedSku");
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(settings, "settings");
    substitutes = List.copyOf(substitutes);
  }

  /** Start of the pre period: a whole number of buckets before the anchor. */
  public Instant preStart() {
    Duration available = Duration.between(evidenceStart, anchor);
    Duration span = available.compareTo(settings.window()) < 0 ? available : settings.window();
    long buckets = Math.max(0, span.toMillis() / settings.bucket().toMillis());
    return anchor.minus(settings.bucket().multipliedBy(buckets));
  }

  public Instant postEnd() {
    return anchor.plus(settings.window());
  }

  /**
   * The action's time on the sales stream's clock. Normally the wall-clock execution time; when
   * the newest sales window ends more than {@code streamLagTolerance} before it, the stream runs on
   * another clock (a simulation or a replay) and its newest window end is the moment of the action.
   */
  public static Instant anchor(Instant executedAt, Instant newestWindowEnd, Duration tolerance) {
    if (newestWindowEnd == null || !newestWindowEnd.isBefore(executedAt.minus(tolerance))) {
      return executedAt;
    }
    return newestWindowEnd;
  }
}
