package io.truelift.core.contracts;

import java.time.Instant;

/**
 * An event a consumer could not accept, on the dead-letter topic: the raw payload as received,
 * the topic it came from, the field at fault and why. Nothing invalid is dropped silently.
 */
public record DeadLetter(
    int schemaVersion,
    String sourceTopic,
    String consumer,
    String field,
    String reason,
    String rawPayload,
    Instant receivedAt) implements java.io.Serializable {

  public static final int VERSION = 1;

  public DeadLetter {
    Check.version(schemaVersion, VERSION);
    Check.text("sourceTopic", sourceTopic);
    Check.text("consumer", consumer);
    Check.required("reason", reason);
    Check.required("rawPayload", rawPayload);
    Check.required("receivedAt", receivedAt);
  }

  public static DeadLetter of(
      String sourceTopic, String consumer, String rawPayload, InvalidEventException error, Instant at) {
    return new DeadLetter(
        VERSION, sourceTopic, consumer, error.field(), error.getMessage(), rawPayload, at);
  }
}
