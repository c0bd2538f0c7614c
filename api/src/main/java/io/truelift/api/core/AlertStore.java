package io.truelift.api.core;

import io.truelift.api.db.AlertReads;
import io.truelift.api.db.HandleAlertReads;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs a unit of alert reads on one database connection (the detail makes about ten small queries;
 * one connection for all of them halves its cost against taking one from the pool for each).
 */
@FunctionalInterface
public interface AlertStore {
  <T> T withAlerts(Function<AlertReads, T> work);

  static AlertStore of(Jdbi jdbi) {
    return new AlertStore() {
      @Override
      public <T> T withAlerts(Function<AlertReads, T> work) {
        return jdbi.withHandle(h -> work.apply(new HandleAlertReads(h)));
      }
    };
  }

  /** One object for everything (tests pass a mock DAO). */
  static AlertStore of(AlertReads reads) {
    return new AlertStore() {
      @Override
      public <T> T withAlerts(Function<AlertReads, T> work) {
        return work.apply(reads);
      }
    };
  }
}
