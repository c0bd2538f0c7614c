package io.truelift.api.core;

import io.truelift.api.db.AlertDao;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs a unit of alert reads on one database connection (the detail makes about ten small queries;
 * one connection for all of them halves its cost against taking one from the pool for each).
 */
@FunctionalInterface
public interface AlertStore {
  <T> T withAlerts(Function<AlertDao, T> work);

  static AlertStore of(Jdbi jdbi) {
    return new AlertStore() {
      @Override
      public <T> T withAlerts(Function<AlertDao, T> work) {
        return jdbi.withExtension(AlertDao.class, work::apply);
      }
    };
  }

  /** One DAO for everything (tests pass a mock). */
  static AlertStore of(AlertDao dao) {
    return new AlertStore() {
      @Override
      public <T> T withAlerts(Function<AlertDao, T> work) {
        return work.apply(dao);
      }
    };
  }
}
