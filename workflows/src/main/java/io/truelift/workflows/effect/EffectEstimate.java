package io.truelift.workflows.effect;

/**
 * The measured effect of an action on the group's margin over the measurement window, in cents,
 * with its 95% interval and standard error, and a 0–100 score: {@code round(100 · P(effect > 0))}
 * under the estimate's normal sampling distribution. For {@link EffectOutcome#INSUFFICIENT_DATA}
 * the numbers and the score are null and {@code detail} says why.
 */
public record EffectEstimate(
    EffectOutcome outcome,
    Double estimateCents,
    Double lowerCents,
    Double upperCents,
    Double standardErrorCents,
    Integer score,
    int preBuckets,
    int postBuckets,
    String detail) {

  static EffectEstimate insufficient(int preBuckets, int postBuckets, String why) {
    return new EffectEstimate(
        EffectOutcome.INSUFFICIENT_DATA, null, null, null, null, null, preBuckets, postBuckets, why);
  }
}
