package io.truelift.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.truelift.api.api.ActionView;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.DashboardStats;
import io.truelift.sql.Migrations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DAO's SQL against a freshly migrated database. Subclasses supply the database (H2 in memory,
 * PostgreSQL) so the same SQL is proven on both.
 */
abstract class AlertDaoContract {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  Jdbi jdbi;
  AlertDao dao;

  /** A fresh, empty database: {url, user, password}. */
  abstract String[] freshDatabase() throws Exception;

  /** Drops what {@link #freshDatabase()} created. */
  abstract void dropDatabase() throws Exception;

  @BeforeEach
  void migrate() throws Exception {
    String[] db = freshDatabase();
    Migrations.migrate(db[0], db[1], db[2]);
    jdbi = Jdbi.create(db[0], db[1], db[2]).installPlugin(new SqlObjectPlugin());
    dao = jdbi.onDemand(AlertDao.class);
  }

  @AfterEach
  void drop() throws Exception {
    dropDatabase();
  }

  void insertAlert(String id, String status, String severity, Instant detectedAt, long lostCents) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO alert (alert_id, promotion_id, promoted_sku, category,"
                        + " sub_category, status, severity, detected_at, window_start, window_end,"
                        + " gross_lift_units, cannibalized_units, cannibalization_rate,"
                        + " lost_revenue_cents, test_statistic, workflow_id, created_at,"
                        + " updated_at) VALUES (:id, 'P-' || :id, 'SKU-A', 'BREAKFAST',"
                        + " 'COLD_CEREAL', :status, :severity, :detected, :ws, :we, 400, 100, 0.25,"
                        + " :lost, 8.5, 'alert-' || :id, :detected, :detected)")
                .bind("id", id)
                .bind("status", status)
                .bind("severity", severity)
                .bind("detected", detectedAt.atOffset(ZoneOffset.UTC))
                .bind("ws", detectedAt.minusSeconds(3600).atOffset(ZoneOffset.UTC))
                .bind("we", detectedAt.atOffset(ZoneOffset.UTC))
                .bind("lost", lostCents)
                .execute());
  }

  void seedThreeAlerts() {
    insertAlert("A-1", "OPEN", "HIGH", T0, 1000);
    insertAlert("A-2", "CLOSED", "LOW", T0.plusSeconds(60), 2000);
    insertAlert("A-3", "ANALYSED", "HIGH", T0.plusSeconds(120), 3000);
  }

  @Test
  void listIsNewestFirstWithFiltersAndPaging() {
    seedThreeAlerts();

    assertThat(dao.list(null, null, 50, 0))
        .extracting(AlertRow::alertId)
        .containsExactly("A-3", "A-2", "A-1");
    assertThat(dao.list(null, "HIGH", 50, 0))
        .extracting(AlertRow::alertId)
        .containsExactly("A-3", "A-1");
    assertThat(dao.list("OPEN", "HIGH", 50, 0))
        .extracting(AlertRow::alertId)
        .containsExactly("A-1");
    assertThat(dao.list(null, null, 1, 1)).extracting(AlertRow::alertId).containsExactly("A-2");
    assertThat(dao.count(null, null)).isEqualTo(3);
    assertThat(dao.count(null, "HIGH")).isEqualTo(2);
    assertThat(dao.count("MEASURED", null)).isZero();
  }

  @Test
  void findByIdMapsEveryColumn() {
    seedThreeAlerts();

    AlertRow a = dao.findById("A-2").orElseThrow();

    assertThat(a.promotionId()).isEqualTo("P-A-2");
    assertThat(a.subCategory()).isEqualTo("COLD_CEREAL");
    assertThat(a.detectedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(a.windowStart()).isEqualTo(T0.minusSeconds(3540));
    assertThat(a.cannibalizationRate()).isEqualTo(0.25);
    assertThat(a.lostRevenueCents()).isEqualTo(2000);
    assertThat(a.testStatistic()).isEqualTo(8.5);
    assertThat(a.workflowId()).isEqualTo("alert-A-2");
    assertThat(dao.findById("missing")).isEmpty();
  }

  @Test
  void detailPartsComeBackOrdered() {
    seedThreeAlerts();
    jdbi.useHandle(
        h -> {
          h.execute(
              "INSERT INTO alert_substitute VALUES ('A-1', 'SKU-B', 100, 80, 20),"
                  + " ('A-1', 'SKU-C', 100, 50, 50)");
          h.execute(
              "INSERT INTO analysis VALUES ('A-1', 'deterministic', 'Moved to A', 0.9, ?)",
              T0.atOffset(ZoneOffset.UTC));
          h.execute(
              "INSERT INTO recommended_strategy VALUES ('A-1', 2, 'STOP_PROMOTION', NULL, 'Stop',"
                  + " 'r2', 500), ('A-1', 1, 'ADJUST_PRICE', 349, 'Adjust', 'r1', 900)");
        });

    assertThat(dao.substitutes("A-1")).extracting(s -> s.sku()).containsExactly("SKU-C", "SKU-B");
    assertThat(dao.analysis("A-1").orElseThrow().confidence()).isEqualTo(0.9);
    assertThat(dao.analysis("A-2")).isEmpty();
    assertThat(dao.recommendations("A-1"))
        .extracting(r -> r.rank() + ":" + r.actionType() + ":" + r.newPriceCents())
        .containsExactly("1:ADJUST_PRICE:349", "2:STOP_PROMOTION:null");
  }

  @Test
  void recordActionWritesActionAndAuditOnceOnly() {
    seedThreeAlerts();

    assertThat(dao.recordAction("X-1", "A-1", "ADJUST_PRICE", 349L, null, "ann", T0)).isTrue();
    assertThat(dao.recordAction("X-2", "A-1", "DISMISS", null, "changed my mind", "bob", T0))
        .isFalse();

    List<ActionView> actions = dao.actions("A-1");
    assertThat(actions).hasSize(1);
    ActionView a = actions.get(0);
    assertThat(a.actionId()).isEqualTo("X-1");
    assertThat(a.status()).isEqualTo("REQUESTED");
    assertThat(a.newPriceCents()).isEqualTo(349L);
    assertThat(a.actor()).isEqualTo("ann");
    assertThat(a.requestedAt()).isEqualTo(T0);
    assertThat(a.executedAt()).isNull();
    List<Map<String, Object>> audit =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT actor, operation, target, detail FROM audit_log")
                    .mapToMap()
                    .list());
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0))
        .containsEntry("actor", "ann")
        .containsEntry("operation", "ALERT_ACTION")
        .containsEntry("target", "A-1");
    assertThat((String) audit.get(0).get("detail")).contains("X-1").contains("newPriceCents=349");
  }

  @Test
  void recordActionRollsBackTheActionWhenTheAuditFails() {
    seedThreeAlerts();
    // Make only the audit insert fail, after the action row went in.
    jdbi.useHandle(
        h -> h.execute("ALTER TABLE audit_log ADD CONSTRAINT refuse_ann CHECK (actor <> 'ann')"));

    assertThatThrownBy(
            () -> dao.recordAction("X-1", "A-1", "STOP_PROMOTION", null, null, "ann", T0))
        .isInstanceOf(RuntimeException.class);

    assertThat(dao.actions("A-1")).isEmpty();
    assertThat(dao.recordAction("X-2", "A-1", "STOP_PROMOTION", null, null, "bob", T0)).isTrue();
  }

  @Test
  void unexecutedActionsAreOldRequestedActionsOfAlertsStillWaiting() {
    seedThreeAlerts(); // A-1 OPEN, A-2 CLOSED, A-3 ANALYSED
    insertAlert("A-4", "ACTIONED", "LOW", T0, 10);
    dao.recordAction("X-1", "A-1", "ADJUST_PRICE", 349L, null, "ann", T0);
    dao.recordAction("X-2", "A-2", "STOP_PROMOTION", null, null, "ann", T0); // alert closed
    dao.recordAction("X-3", "A-3", "DISMISS", null, "seasonal", "bob", T0.plusSeconds(30));
    dao.recordAction("X-4", "A-4", "STOP_PROMOTION", null, null, "ann", T0);
    jdbi.useHandle(h -> h.execute("UPDATE user_action SET status = 'EXECUTED' WHERE action_id = 'X-4'"));

    assertThat(dao.unexecutedActions(T0.plusSeconds(60).atOffset(ZoneOffset.UTC), 10))
        .containsExactly(
            new AlertDao.UnsignalledAction("X-1", "A-1", "ADJUST_PRICE", 349L, null, "ann", T0, "alert-A-1"),
            new AlertDao.UnsignalledAction(
                "X-3", "A-3", "DISMISS", null, "seasonal", "bob", T0.plusSeconds(30), "alert-A-3"));
    // Too young: left to the request that stored it.
    assertThat(dao.unexecutedActions(T0.plusSeconds(10).atOffset(ZoneOffset.UTC), 10))
        .extracting(AlertDao.UnsignalledAction::actionId)
        .containsExactly("X-1");
    assertThat(dao.unexecutedActions(T0.plusSeconds(60).atOffset(ZoneOffset.UTC), 1)).hasSize(1);
  }

  @Test
  void updatedSinceReturnsChangedAlertsOldestFirst() {
    seedThreeAlerts();

    assertThat(dao.updatedSince(T0.plusSeconds(60).atOffset(ZoneOffset.UTC)))
        .extracting(AlertRow::alertId)
        .containsExactly("A-2", "A-3");
  }

  @Test
  void statsCountPendingAlertsAndActivePromotions() {
    assertThat(dao.stats()).isEqualTo(new DashboardStats(0, 0, 0.0, 0, 0));
    seedThreeAlerts();
    jdbi.useHandle(
        h -> {
          for (String[] p :
              new String[][] {{"P-1", "ACTIVE"}, {"P-2", "ACTIVE"}, {"P-3", "ENDED"}}) {
            h.execute(
                "INSERT INTO promotion (promotion_id, sku, promo_price_cents, regular_price_cents,"
                    + " starts_at, status, created_by, created_at, updated_at)"
                    + " VALUES (?, 'SKU-A', 299, 399, ?, ?, 'test', ?, ?)",
                p[0],
                T0.atOffset(ZoneOffset.UTC),
                p[1],
                T0.atOffset(ZoneOffset.UTC),
                T0.atOffset(ZoneOffset.UTC));
          }
        });

    DashboardStats stats = dao.stats();

    assertThat(stats.pendingAlerts()).isEqualTo(2);
    assertThat(stats.totalLostRevenueCents()).isEqualTo(6000);
    assertThat(stats.averageCannibalizationRate()).isEqualTo(0.25);
    assertThat(stats.activePromotions()).isEqualTo(2);
    assertThat(stats.alertCount()).isEqualTo(3);
  }
}
