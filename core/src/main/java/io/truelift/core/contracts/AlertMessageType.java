package io.truelift.core.contracts;

/**
 * The {@code type} field of a message on {@code cannibalization-alerts}. An alert carries no type
 * (messages written before retractions existed stay valid) or {@code ALERT}; a retraction carries
 * {@code RETRACTION}.
 */
public enum AlertMessageType {
  ALERT,
  RETRACTION
}
