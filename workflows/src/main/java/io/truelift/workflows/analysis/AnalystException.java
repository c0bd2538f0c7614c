package io.truelift.workflows.analysis;

/**
 * Why one call to the language model gave no usable analysis. {@link #retryable()} tells a
 * passing condition (rate limit, server error, timeout, an answer that broke the contract) from one
 * a retry cannot fix (the request was refused: bad key, unknown model).
 */
public final class AnalystException extends RuntimeException {
  /** What went wrong, named as the activity failure type {@code Gemini<Kind>}. */
  public enum Kind {
    RATE_LIMITED(true),
    SERVER_ERROR(true),
    TIMEOUT(true),
    UNAVAILABLE(true),
    MALFORMED(true),
    REJECTED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /** The ApplicationFailure type, e.g. {@code GeminiRateLimited}. */
    public String failureType() {
      StringBuilder sb = new StringBuilder("Gemini");
      for (String part : name().split("_")) {
        sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
      }
      return sb.toString();
    }
  }

  private final Kind kind;

  public AnalystException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public AnalystException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind.retryable;
  }
}
