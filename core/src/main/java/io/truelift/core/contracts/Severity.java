package io.truelift.core.contracts;

/** How much an alert matters, from its estimated loss. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL
}
