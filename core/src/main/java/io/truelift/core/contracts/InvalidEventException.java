package io.truelift.core.contracts;

/**
 * An event that breaks its contract. Carries the offending field and value so that the dead-letter
 * record says exactly what was wrong, e.g. {@code units must be > 0, got -3}.
 */
public class InvalidEventException extends RuntimeException {
  private final String field;

  public InvalidEventException(String field, String message) {
    super(message);
    this.field = field;
  }

  public InvalidEventException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The JSON field at fault, {@code "$"} for the whole payload. */
  public String field() {
    return field;
  }
}
