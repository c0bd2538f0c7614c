package io.truelift.core.contracts;

import java.time.Instant;

/** Validation helpers for the compact constructors of the event records. */
final class Check {
  private Check() {}

  static void version(int schemaVersion, int supported) {
    if (schemaVersion != supported) {
      throw new InvalidEventException(
          "schemaVersion",
          "schemaVersion must be %d, got %d".formatted(supported, schemaVersion));
    }
  }

  static String text(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(field, field + " is required, got " + quote(value));
    }
    if (value.length() > 200) {
      throw new InvalidEventException(
          field, field + " must be at most 200 characters, got " + value.length());
    }
    return value;
  }

  static String optionalText(String field, String value) {
    if (value != null && value.length() > 2000) {
      throw new InvalidEventException(
          field, field + " must be at most 2000 characters, got " + value.length());
    }
    return value == null || value.isBlank() ? null : value;
  }

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new InvalidEventException(field, field + " is required, got null");
    }
    return value;
  }

  static Instant time(String field, Instant value) {
    required(field, value);
    // Guards against epoch-zero defaults and unit mix-ups (seconds read as millis).
    if (value.isBefore(Instant.parse("2000-01-01T00:00:00Z"))
        || value.isAfter(Instant.parse("2200-01-01T00:00:00Z"))) {
      throw new InvalidEventException(
          field, field + " must be between 2000-01-01 and 2200-01-01, got " + value);
    }
    return value;
  }

  /** A window: both ends set and {@code windowEnd} strictly after {@code windowStart}. */
  static void window(Instant windowStart, Instant windowEnd) {
    time("windowStart", windowStart);
    time("windowEnd", windowEnd);
    if (!windowEnd.isAfter(windowStart)) {
      throw new InvalidEventException(
          "windowEnd",
          "windowEnd must be after windowStart (%s), got %s".formatted(windowStart, windowEnd));
    }
  }

  static long positive(String field, long value) {
    if (value <= 0) {
      throw new InvalidEventException(field, field + " must be > 0, got " + value);
    }
    return value;
  }

  static long nonNegative(String field, long value) {
    if (value < 0) {
      throw new InvalidEventException(field, field + " must be >= 0, got " + value);
    }
    return value;
  }

  static double finite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidEventException(field, field + " must be a finite number, got " + value);
    }
    return value;
  }

  static double nonNegative(String field, double value) {
    finite(field, value);
    if (value < 0) {
      throw new InvalidEventException(field, field + " must be >= 0, got " + value);
    }
    return value;
  }

  private static String quote(String v) {
    return v == null ? "null" : "\"" + v + "\"";
  }
}
