package io.truelift.workflows.retraining;

/** What the retraining workflow's query answers: its phase and the feedback it has collected. */
public record RetrainingState(String phase, int feedbackCount, String candidateId, String decision) {}
