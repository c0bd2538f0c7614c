package io.truelift.workflows.alert;

import io.truelift.core.contracts.MarketEvent;

/** Publishes a market change; blocks until it is durably accepted. */
public interface MarketEventPublisher extends AutoCloseable {
  void publish(MarketEvent event);

  @Override
  default void close() {}
}
