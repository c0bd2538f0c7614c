package io.truelift.workflows.effect;

/**
 * What a measurement concluded; the values of {@code effectiveness_evaluation.outcome}. EFFECTIVE
 * and INEFFECTIVE need the whole 95% interval on one side of zero; INSUFFICIENT_DATA means the
 * data could not tell, and carries no score.
 */
public enum EffectOutcome {
  EFFECTIVE,
  INEFFECTIVE,
  INCONCLUSIVE,
  INSUFFICIENT_DATA
}
