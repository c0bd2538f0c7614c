package io.truelift.model;

import java.io.Serializable;

/**
 * How a trained model did on its held-out buckets (the latest {@code validationFraction} of the
 * training range, scored one step ahead with the observed promotion signals).
 *
 * @param validationWape sum |y - prediction| / sum y over every held-out row
 * @param validationCleanWape the same over clean rows (no promotion in the sub-category): the
 *     accuracy of the no-promotion baseline itself
 * @param validationCoverage90 share of held-out rows inside their 90% interval (calibrated on
 *     these rows, so close to 0.90 by construction; see the evaluation commands for out-of-sample)
 */
public record ModelMetrics(
    int trainRows,
    int validationRows,
    int bestIteration,
    double validationWape,
    double validationCleanWape,
    double validationPoissonDeviance,
    double validationCoverage90,
    double trainSeconds) implements Serializable {}
