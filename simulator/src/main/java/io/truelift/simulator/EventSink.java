package io.truelift.simulator;

import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.ShoppingEvent;

/** Where the simulator's events go: Kafka topics or JSONL files. */
public interface EventSink extends AutoCloseable {
  void shopping(ShoppingEvent event);

  void market(MarketEvent event);

  void flush();

  @Override
  void close();
}
