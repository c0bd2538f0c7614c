package io.truelift.workflows.retraining;

/**
 * How a retraining run ended: PROMOTED, REJECTED, SKIPPED (no trainer, or too little data to
 * train on) or FAILED (e.g. too little held-out data to compare on, or the trainer kept failing),
 * the challenger (null if none was trained), the model ACTIVE afterwards, the reason, and how many
 * alerts' feedback the run covered.
 */
public record RetrainingOutcome(
    String runId,
    String trigger,
    String decision,
    String candidateId,
    String activeModelId,
    String reason,
    int feedbackCount) {}
