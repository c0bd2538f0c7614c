package io.truelift.workflows.retraining;

import io.truelift.model.Observation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The hourly all-stores sales retraining reads from {@code windowed_sales} (products from {@code
 * product}, else from the history file's catalog), for the analysis' what-if: the recent levels
 * the active model forecasts the rest of a promotion from.
 */
public final class AllStoresSales {
  private final DatabaseSalesSource database;

  /** {@code historyFile} (nullable): the catalog of products {@code product} does not hold. */
  public AllStoresSales(Jdbi jdbi, Path historyFile) {
    HistoryFileSource file = historyFile == null ? null : new HistoryFileSource(historyFile);
    this.database =
        new DatabaseSalesSource(
            jdbi, () -> file == null || !file.exists() ? Map.of() : file.catalog());
  }

  /** The rows of one category's products in the hours of {@code [from, to)}; empty when none. */
  public List<Observation> read(Instant from, Instant to, String category) {
    return database.read(from, to, category).rows();
  }
}
