package io.truelift.api.api;

import java.time.Instant;

/**
 * The measured effect of an executed action on the group's (promoted item + substitutes) margin:
 * the difference-in-differences estimate with its interval (null when the data could not tell),
 * a score 0..100 (the probability the effect is positive), and the outcome.
 */
public record EffectivenessView(
    String alertId,
    String actionType,
    Instant actionAt,
    Instant measuredAt,
    IntervalView groupMarginEffectCents,
    Integer score,
    String outcome,
    String detail) {}
