package io.truelift.core.contracts;

/** What a manager decided to do about an alert. */
public enum ActionType {
  STOP_PROMOTION,
  ADJUST_PRICE,
  DISMISS
}
