package io.truelift.workflows.retraining;

import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where retraining reads sales history: hourly all-stores rows (store {@code "*"}, the stream's
 * granularity), zero-sales hours filled in between the first and the last hour the source has in
 * the range; hours before or after those are not invented.
 */
interface SalesSource {
  /** {@code database} or {@code file}: what the challenger's training record names. */
  String kind();

  /** For reasons and logs, e.g. {@code windowed_sales} or {@code history file /x/history.jsonl}. */
  String describe();

  /** End of the newest hour with sales, or empty when the source has none. */
  Optional<Instant> dataEnd();

  /**
   * The rows of the hours in {@code [from, to)}, and what the source left out of them ({@code
   * skipped}, e.g. windows of unknown products; empty when nothing).
   */
  Read read(Instant from, Instant to);

  /** Rows read from a source, with what it could not use. */
  record Read(List<Observation> rows, String skipped) {
    static Read of(List<Observation> rows) {
      return new Read(rows, "");
    }
  }

  /** Products this source knows (category, sub-category, regular price), by sku. */
  Map<String, ShoppingEvent> catalog();

  /** Share of the regular price taken as the unit cost where the source has none. */
  double DEFAULT_COST_SHARE = 0.6;
}
