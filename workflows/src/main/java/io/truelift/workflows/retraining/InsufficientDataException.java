package io.truelift.workflows.retraining;

/**
 * The training or held-out range has too little sales history to train or to compare models on.
 * Retrying cannot help until more data arrives, so the activity turns it into a non-retryable
 * {@code InsufficientData} failure and the run ends with this message as its reason.
 */
public final class InsufficientDataException extends RuntimeException {
  public InsufficientDataException(String message) {
    super(message);
  }
}
