package io.truelift.api.db;

import io.truelift.api.api.ActionView;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.AnalysisRow;
import io.truelift.api.api.RecommendationView;
import io.truelift.api.db.AlertDao.EffectivenessRow;
import io.truelift.api.db.AlertDao.Notification;
import io.truelift.api.db.AlertDao.Prices;
import io.truelift.api.db.AlertDao.PromotionPrices;
import io.truelift.api.db.AlertDao.SubstituteRow;
import io.truelift.api.db.AlertDao.WindowRow;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The reads behind the alert list and the alert detail. {@link HandleAlertReads} runs them on one
 * open handle; {@link AlertDao} offers the same reads (it delegates to that class, so each
 * statement is written once).
 */
public interface AlertReads {
  /** One page of alerts; the WHERE clause holds only the filters given. */
  List<AlertRow> list(AlertQuery query);

  /** How many alerts match the query's filters. */
  long count(AlertQuery query);

  Optional<AlertRow> findById(String alertId);

  /** The alert's substitutes, largest loss first. */
  List<SubstituteRow> substituteRows(String alertId);

  Optional<AnalysisRow> analysis(String alertId);

  /** Recommended strategies, primary (rank 1) first. */
  List<RecommendationView> recommendations(String alertId);

  /** Actions in the order they were requested. */
  List<ActionView> actions(String alertId);

  /** The worker's lifecycle notices in time order. */
  List<Notification> notifications(String alertId);

  /** Measured effects of the alert's action, newest first. */
  List<EffectivenessRow> effectiveness(String alertId);

  /**
   * The products' all-stores windows in {@code [from, to)}, summed in the database into buckets of
   * {@code bucketSeconds} counted from {@code from}: a detail needs a chart's width of points and
   * the totals, not every minute (a three-hour alert with four substitutes is 900 rows otherwise).
   */
  List<WindowRow> windowBuckets(
      List<String> skus, OffsetDateTime from, OffsetDateTime to, long fromEpochSecond, long bucketSeconds);

  /** The products' prices, where the catalog has them. */
  List<Prices> prices(List<String> skus);

  /** The promoted item's prices as the promotion records them. */
  Optional<PromotionPrices> promotionPrices(String promotionId);
}
