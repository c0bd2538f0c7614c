package io.truelift.core.contracts;

/** Default Kafka topic names; each is configurable where it is used. */
public final class Topics {
  public static final String SHOPPING_EVENTS = "shopping-events";
  public static final String MARKET_EVENTS = "market_events";
  public static final String WINDOWED_STATS = "windowed_stats";
  public static final String CANNIBALIZATION_ALERTS = "cannibalization-alerts";
  public static final String USER_ACTIONS = "user-actions";
  public static final String DEAD_LETTERS = "dead-letters";

  private Topics() {}
}
