package io.truelift.workflows.analysis;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Gemini: the API key (none: the deterministic analyst writes every analysis), the
 * model, an optional base URL (a proxy, or a local fake in tests), the timeout of one call and how
 * many attempts the workflow makes before it falls back to the deterministic analyst.
 */
public record GeminiSettings(
    String apiKey, String model, String baseUrl, Duration timeout, int maxAttempts) {
  public static final String DEFAULT_MODEL = "gemini-2.5-flash";

  public GeminiSettings {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("GEMINI_API_KEY must not be blank");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("TRUELIFT_GEMINI_MODEL must not be blank");
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("TRUELIFT_GEMINI_TIMEOUT_SECONDS must be > 0, got " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "TRUELIFT_GEMINI_MAX_ATTEMPTS must be >= 1, got " + maxAttempts);
    }
  }

  /** The analyst's label in {@code analysis.analyst}. */
  public String label() {
    return "gemini:" + model;
  }

  /**
   * Reads {@code GEMINI_API_KEY} (or {@code GOOGLE_API_KEY}), {@code TRUELIFT_GEMINI_MODEL},
   * {@code TRUELIFT_GEMINI_BASE_URL}, {@code TRUELIFT_GEMINI_TIMEOUT_SECONDS} (default 30) and
   * {@code TRUELIFT_GEMINI_MAX_ATTEMPTS} (default 3). Empty when no key is set.
   */
  public static Optional<GeminiSettings> fromEnvironment(Map<String, String> env) {
    String key = blankToNull(env.get("GEMINI_API_KEY"));
    if (key == null) {
      key = blankToNull(env.get("GOOGLE_API_KEY"));
    }
    if (key == null) {
      return Optional.empty();
    }
    String model = blankToNull(env.get("TRUELIFT_GEMINI_MODEL"));
    return Optional.of(
        new GeminiSettings(
            key,
            model == null ? DEFAULT_MODEL : model,
            blankToNull(env.get("TRUELIFT_GEMINI_BASE_URL")),
            Duration.ofSeconds(positive(env, "TRUELIFT_GEMINI_TIMEOUT_SECONDS", 30)),
            (int) positive(env, "TRUELIFT_GEMINI_MAX_ATTEMPTS", 3)));
  }

  private static long positive(Map<String, String> env, String name, long fallback) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a whole number > 0, got \"" + v + "\"");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    // Never print the key.
    return "GeminiSettings[model=%s, baseUrl=%s, timeout=%s, maxAttempts=%d]"
        .formatted(model, baseUrl, timeout, maxAttempts);
  }
}
