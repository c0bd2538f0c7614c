package io.truelift.simulator;

import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.ShoppingEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything the simulation emits, for assertions. */
final class RecordingSink implements EventSink {
  final List<ShoppingEvent> sales = new ArrayList<>();
  final List<MarketEvent> market = new ArrayList<>();

  @Override
  public void shopping(ShoppingEvent event) {
    sales.add(event);
  }

  @Override
  public void market(MarketEvent event) {
    market.add(event);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
