package io.truelift.api.core;

/** Sends one stored market event (already encoded with {@code EventJson}) to {@code market_events}. */
public interface MarketEventPublisher extends AutoCloseable {
  /**
   * @throws PublishException when the broker did not acknowledge it within a few seconds
   */
  void publish(String promotionId, String eventId, String payload);

  @Override
  default void close() {}

  /** The broker could not take the event now; it stays in the outbox and is sent again. */
  class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** For an API started without Kafka: every event stays in the outbox. */
  MarketEventPublisher UNCONFIGURED =
      (promotionId, eventId, payload) -> {
        throw new PublishException(
            "Kafka is not configured (TRUELIFT_KAFKA_BOOTSTRAP_SERVERS / KAFKA_BOOTSTRAP_SERVERS)", null);
      };
}
