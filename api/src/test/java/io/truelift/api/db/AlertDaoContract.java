package io.truelift.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.truelift.api.api.ActionView;
import io.truelift.api.api.RecommendationView;
import io.truelift.api.api.AnalysisRow;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.DashboardStats;
import io.truelift.api.api.PromotionView;
import io.truelift.sql.Migrations;
import java.time.Instant;
import java.time.OffsetDateTime;
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
    jdbi = NamedStatementTemplateEngine.install(Jdbi.create(db[0], db[1], db[2]).installPlugin(new SqlObjectPlugin()));
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

  static AlertQuery q(String status, String severity, int limit, int offset) {
    return new AlertQuery(status, severity, null, null, AlertQuery.Sort.DETECTED_AT, false, limit, offset);
  }

  static AlertQuery sorted(AlertQuery.Sort sort, boolean ascending) {
    return new AlertQuery(null, null, null, null, sort, ascending, 50, 0);
  }

  @Test
  void listIsNewestFirstWithFiltersAndPaging() {
    seedThreeAlerts();

    assertThat(dao.list(q(null, null, 50, 0)))
        .extracting(AlertRow::alertId)
        .containsExactly("A-3", "A-2", "A-1");
    assertThat(dao.list(q(null, "HIGH", 50, 0)))
        .extracting(AlertRow::alertId)
        .containsExactly("A-3", "A-1");
    assertThat(dao.list(q("OPEN", "HIGH", 50, 0)))
        .extracting(AlertRow::alertId)
        .containsExactly("A-1");
    assertThat(dao.list(q(null, null, 1, 1))).extracting(AlertRow::alertId).containsExactly("A-2");
    assertThat(dao.count(q(null, null, 0, 0))).isEqualTo(3);
    assertThat(dao.count(q(null, "HIGH", 0, 0))).isEqualTo(2);
    assertThat(dao.count(q("MEASURED", null, 0, 0))).isZero();
  }

  @Test
  void listSortsByEveryFieldBothWaysWithTheIdBreakingTies() {
    seedThreeAlerts(); // A-1 HIGH 1000, A-2 LOW 2000, A-3 HIGH 3000
    jdbi.useHandle(h -> h.execute("UPDATE alert SET cannibalization_rate = 0.5 WHERE alert_id = 'A-2'"));

    assertThat(dao.list(sorted(AlertQuery.Sort.DETECTED_AT, true)))
        .extracting(AlertRow::alertId).containsExactly("A-1", "A-2", "A-3");
    assertThat(dao.list(sorted(AlertQuery.Sort.SEVERITY, false)))
        .extracting(AlertRow::alertId).containsExactly("A-3", "A-1", "A-2");
    assertThat(dao.list(sorted(AlertQuery.Sort.SEVERITY, true)))
        .extracting(AlertRow::alertId).containsExactly("A-2", "A-1", "A-3");
    assertThat(dao.list(sorted(AlertQuery.Sort.LOST_REVENUE_CENTS, false)))
        .extracting(AlertRow::alertId).containsExactly("A-3", "A-2", "A-1");
    assertThat(dao.list(sorted(AlertQuery.Sort.CANNIBALIZATION_RATE, false)))
        .extracting(AlertRow::alertId).containsExactly("A-2", "A-3", "A-1");
  }

  @Test
  void listFiltersByCategoryAndSearchText() {
    seedThreeAlerts();
    insertAlert("B-9", "OPEN", "LOW", T0, 10);
    jdbi.useHandle(
        h -> h.execute("UPDATE alert SET category = 'DRINKS', promoted_sku = 'COLA-2L' WHERE alert_id = 'B-9'"));

    AlertQuery drinks = new AlertQuery(null, null, "DRINKS", null, AlertQuery.Sort.DETECTED_AT, false, 50, 0);
    assertThat(dao.list(drinks)).extracting(AlertRow::alertId).containsExactly("B-9");
    assertThat(dao.count(drinks.filtersOnly())).isEqualTo(1);
    // q matches the alert id, the promotion id or the promoted sku, case-insensitively.
    for (String text : new String[] {"b-9", "P-B", "cola"}) {
      AlertQuery search = new AlertQuery(null, null, null, text, AlertQuery.Sort.DETECTED_AT, false, 50, 0);
      assertThat(dao.list(search)).extracting(AlertRow::alertId).as(text).containsExactly("B-9");
    }
    // LIKE wildcards in the text are matched literally.
    AlertQuery wildcard = new AlertQuery(null, null, null, "%", AlertQuery.Sort.DETECTED_AT, false, 50, 0);
    assertThat(dao.list(wildcard)).isEmpty();
  }

  @Test
  void deepPagesReadTheSameRowsInTheSameOrderAsTheFirstPages() {
    // Beyond HandleAlertReads.DEFERRED_JOIN_OFFSET a page is read ids first; it must be the same
    // slice of the same order, for every sort and with a filter. Equal detection times and losses
    // make the alert id decide ties.
    for (int i = 0; i < 300; i++) {
      insertAlert(
          "D-%03d".formatted(i), i % 3 == 0 ? "OPEN" : "CLOSED", i % 2 == 0 ? "HIGH" : "LOW",
          T0.minusSeconds(60L * (i / 4)), 100L * (i % 7));
    }
    for (AlertQuery.Sort sort : AlertQuery.Sort.values()) {
      for (boolean ascending : List.of(true, false)) {
        for (String status : java.util.Arrays.asList(null, "CLOSED")) {
          List<String> all =
              dao.list(new AlertQuery(status, null, null, null, sort, ascending, 500, 0)).stream()
                  .map(AlertRow::alertId)
                  .toList();
          assertThat(all).hasSize(status == null ? 300 : 200);
          for (int offset : List.of(150, 200, 230)) {
            List<String> page =
                dao.list(new AlertQuery(status, null, null, null, sort, ascending, 25, offset)).stream()
                    .map(AlertRow::alertId)
                    .toList();
            assertThat(page)
                .as("%s %s status=%s offset %d", sort, ascending ? "asc" : "desc", status, offset)
                .isEqualTo(all.subList(Math.min(offset, all.size()), Math.min(offset + 25, all.size())));
          }
        }
      }
    }
  }

  @Test
  void detailReadsNotificationsEffectivenessWindowsAndPrices() {
    seedThreeAlerts();
    jdbi.useHandle(
        h -> {
          var t = T0.atOffset(ZoneOffset.UTC);
          h.execute("INSERT INTO alert_notification VALUES ('A-1:ANALYSED', 'A-1', 'ANALYSED', 'analysed', ?)", t);
          h.execute(
              "INSERT INTO alert_notification VALUES ('A-1:ESCALATED', 'A-1', 'ESCALATED', 'nobody', ?)",
              t.plusMinutes(5));
          h.execute(
              "INSERT INTO user_action (action_id, alert_id, action_type, actor, requested_at, status,"
                  + " executed_at) VALUES ('X-1', 'A-1', 'STOP_PROMOTION', 'ann', ?, 'EXECUTED', ?)",
              t.plusMinutes(6), t.plusMinutes(7));
          h.execute(
              "INSERT INTO effectiveness_evaluation VALUES ('eval-X-1', 'A-1', 'X-1', ?, ?, 'did', 1200,"
                  + " -300, 2700, 81, 'EFFECTIVE', ?)",
              t.plusMinutes(7), t.plusHours(2), t.plusHours(2));
          h.execute("INSERT INTO effectiveness_detail VALUES ('eval-X-1', 900.5, 'treated vs control')");
          h.execute(
              "INSERT INTO windowed_sales (sku, store_id, window_start, window_end, units, revenue_cents,"
                  + " baseline_units, updated_at) VALUES ('SKU-A', '*', ?, ?, 5, 1500, 2.5, ?),"
                  + " ('SKU-A', 'S1', ?, ?, 9, 900, 1, ?), ('SKU-B', '*', ?, ?, 1, 300, NULL, ?)",
              t.minusMinutes(30), t.minusMinutes(29), t, t.minusMinutes(30), t.minusMinutes(29), t,
              t.minusMinutes(10), t.minusMinutes(9), t);
          h.execute("INSERT INTO product VALUES ('SKU-A', 'Flakes', 'BREAKFAST', 'COLD_CEREAL', 399, 200)");
        });

    assertThat(dao.notifications("A-1"))
        .containsExactly(
            new AlertDao.Notification("ANALYSED", "analysed", T0),
            new AlertDao.Notification("ESCALATED", "nobody", T0.plusSeconds(300)));
    AlertDao.EffectivenessRow e = dao.effectiveness("A-1").get(0);
    // Every column, since the row is mapped by position.
    assertThat(e)
        .isEqualTo(
            new AlertDao.EffectivenessRow(
                "A-1", "STOP_PROMOTION", T0.plusSeconds(420), T0.plusSeconds(7200), 1200L, -300L,
                2700L, 81, "EFFECTIVE", "did", "treated vs control"));
    var windows =
        dao.windowBuckets(List.of("SKU-A", "SKU-B"), T0.minusSeconds(3600).atOffset(ZoneOffset.UTC),
            T0.atOffset(ZoneOffset.UTC), T0.minusSeconds(3600).getEpochSecond(), 60);
    assertThat(windows).extracting(w -> w.sku() + ":" + w.units() + ":" + w.baselineUnits())
        .containsExactly("SKU-A:5:2.5", "SKU-B:1:null");
    assertThat(dao.prices(List.of("SKU-A", "SKU-Z")))
        .containsExactly(new AlertDao.Prices("SKU-A", 399, 200));
  }

  @Test
  void windowBucketsSumConsecutiveWindowsFromTheStartAndKeepAnUnknownBaselineUnknown() {
    OffsetDateTime from = T0.atOffset(ZoneOffset.UTC);
    jdbi.useHandle(
        h -> {
          for (int m = 0; m < 7; m++) {
            // SKU-A: units m, baseline 1 except minute 4 (none); SKU-B only at minute 5.
            h.execute(
                "INSERT INTO windowed_sales (sku, store_id, window_start, window_end, units,"
                    + " revenue_cents, baseline_units, updated_at) VALUES ('SKU-A', '*', ?, ?, ?, ?, ?, ?)",
                from.plusMinutes(m), from.plusMinutes(m + 1), m, 100 * m, m == 4 ? null : 1.0, from);
          }
          h.execute(
              "INSERT INTO windowed_sales (sku, store_id, window_start, window_end, units, revenue_cents,"
                  + " baseline_units, updated_at) VALUES ('SKU-B', '*', ?, ?, 3, 30, 2, ?),"
                  + " ('SKU-A', 'S1', ?, ?, 50, 50, 1, ?), ('SKU-A', '*', ?, ?, 70, 70, 1, ?)",
              from.plusMinutes(5), from.plusMinutes(6), from, from, from.plusMinutes(1), from,
              from.plusMinutes(9), from.plusMinutes(10), from);
        });

    // Buckets of 3 minutes over [T0, T0 + 9 min): minute 9 and the store row are outside.
    var buckets = dao.windowBuckets(List.of("SKU-A", "SKU-B"), from, from.plusMinutes(9), T0.getEpochSecond(), 180);

    assertThat(buckets)
        .extracting(w -> w.sku() + "@" + w.windowStart().getEpochSecond() / 60 % 60 + ":" + w.windows() + "/"
            + w.units() + "/" + w.revenueCents() + "/" + w.baselineUnits())
        .containsExactly("SKU-A@0:3/3/300/3.0", "SKU-A@3:3/12/1200/null", "SKU-A@6:1/6/600/1.0",
            "SKU-B@5:1/3/30/2.0");
    // Buckets of one minute are the windows themselves.
    assertThat(dao.windowBuckets(List.of("SKU-B"), from, from.plusMinutes(9), T0.getEpochSecond(), 60))
        .containsExactly(new AlertDao.WindowRow("SKU-B", T0.plusSeconds(300), 1, 3, 30, 2.0));
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
                  + " 'r2', 500, NULL, NULL), ('A-1', 1, 'ADJUST_PRICE', 349, 'Adjust', 'r1', 900, -100, 1900)");
        });

    assertThat(dao.substitutes("A-1")).extracting(s -> s.sku()).containsExactly("SKU-C", "SKU-B");
    assertThat(dao.substituteRows("A-1")).contains(new AlertDao.SubstituteRow("SKU-B", 100, 80, 20));
    assertThat(dao.analysis("A-1")).contains(new AnalysisRow("deterministic", "Moved to A", 0.9));
    assertThat(dao.analysis("A-2")).isEmpty();
    // Every column, since the rows are mapped by position.
    assertThat(dao.recommendations("A-1"))
        .containsExactly(
            new RecommendationView(1, "ADJUST_PRICE", 349L, "Adjust", "r1", 900L, -100L, 1900L),
            new RecommendationView(2, "STOP_PROMOTION", null, "Stop", "r2", 500L, null, null));
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
    assertThat(dao.stats()).isEqualTo(new DashboardStats(0, 0, 0, 0.0, 0, 0, 0.0));
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
    assertThat(stats.netLiftUnits()).isEqualTo(3 * (400 - 100));
    assertThat(stats.totalLostMarginCents()).isZero(); // no substitutes, no stored margin
  }

  @Test
  void statsLostMarginFromStoredMarginElseSubstitutesTimesCatalogMargin() {
    seedThreeAlerts();
    jdbi.useHandle(
        h -> {
          h.execute("UPDATE alert SET lost_margin_cents = 5000 WHERE alert_id = 'A-1'");
          h.execute("INSERT INTO alert_substitute VALUES ('A-2', 'SKU-B', 100, 80, 20), ('A-2', 'SKU-C', 10, 5, 5)");
          h.execute("INSERT INTO product VALUES ('SKU-B', 'B', 'BREAKFAST', 'COLD_CEREAL', 300, 200)");
        });

    // A-1 stored 5000; A-2: 20 units x (300 - 200) (SKU-C is not in the catalog); A-3 nothing.
    assertThat(dao.stats().totalLostMarginCents()).isEqualTo(5000 + 2000);
  }

  @Test
  void promotionDaoStoresChangesWithTheirAuditAndOutboxAndStopsOnlyRunningOnes() {
    PromotionDao promotions = jdbi.onDemand(PromotionDao.class);
    var t = T0.atOffset(ZoneOffset.UTC);
    jdbi.useHandle(h -> h.execute("INSERT INTO product VALUES ('SKU-A', 'Flakes', 'BREAKFAST', 'COLD_CEREAL', 399, 200)"));
    promotions.insert("PA-1", "SKU-A", 299, 399, t, null, "ACTIVE", "manager", t);
    promotions.insert("PA-2", "SKU-Z", 100, 150, t.plusDays(1), null, "SCHEDULED", "manager", t);
    promotions.record(new PromotionDao.Change("api-PA-1-1", "PA-1", "PROMOTION_STARTED", "{}", "manager", "PROMOTION_CREATE", "d", T0));
    insertAlert("PA-1-e1", "OPEN", "HIGH", T0, 10);
    jdbi.useHandle(h -> h.execute("UPDATE alert SET promotion_id = 'PA-1' WHERE alert_id = 'PA-1-e1'"));

    PromotionView p = promotions.find("PA-1").orElseThrow();
    assertThat(p.productName()).isEqualTo("Flakes");
    assertThat(p.category()).isEqualTo("BREAKFAST");
    assertThat(p.alertId()).isEqualTo("PA-1-e1");
    assertThat(promotions.find("PA-2").orElseThrow().status()).isEqualTo("PLANNED");
    assertThat(promotions.find("PA-2").orElseThrow().productName()).isEqualTo("SKU-Z");
    assertThat(promotions.list(null, 10, 0)).extracting(PromotionView::promotionId).containsExactly("PA-2", "PA-1");
    assertThat(promotions.list("SCHEDULED", 10, 0)).extracting(PromotionView::promotionId).containsExactly("PA-2");
    assertThat(promotions.count("ACTIVE")).isEqualTo(1);
    assertThat(promotions.count(null)).isEqualTo(2);

    assertThat(promotions.reprice("PA-1", 249, t.plusMinutes(1))).isEqualTo(1);
    assertThat(promotions.find("PA-1").orElseThrow().promoPriceCents()).isEqualTo(249);
    assertThat(promotions.stop("PA-1", t.plusMinutes(2))).isEqualTo(1);
    assertThat(promotions.stop("PA-1", t.plusMinutes(3))).isZero();
    assertThat(promotions.reprice("PA-1", 199, t.plusMinutes(3))).isZero();
    assertThat(promotions.find("PA-1").orElseThrow().endsAt()).isEqualTo(T0.plusSeconds(120));

    assertThat(promotions.outboxCount("PA-1")).isEqualTo(1);
    assertThat(promotions.unpublished(t.plusMinutes(1), 10)).extracting(PromotionDao.OutboxEvent::eventId).containsExactly("api-PA-1-1");
    assertThat(promotions.unpublished(t.minusMinutes(1), 10)).isEmpty();
    assertThat(promotions.markPublished("api-PA-1-1", t.plusMinutes(1))).isEqualTo(1);
    assertThat(promotions.unpublished(t.plusMinutes(1), 10)).isEmpty();
    InsightDao insights = jdbi.onDemand(InsightDao.class);
    assertThat(insights.audit(10, 0))
        .extracting(a -> a.actor() + ":" + a.action() + ":" + a.target())
        .containsExactly("manager:PROMOTION_CREATE:PA-1");
    assertThat(insights.auditCount()).isEqualTo(1);
  }

  @Test
  void insightDaoListsEffectivenessFeedbackAndModelsNewestFirst() {
    seedThreeAlerts();
    var t = T0.atOffset(ZoneOffset.UTC);
    jdbi.useHandle(
        h -> {
          h.execute(
              "INSERT INTO user_action (action_id, alert_id, action_type, actor, requested_at, status)"
                  + " VALUES ('X-1', 'A-1', 'STOP_PROMOTION', 'ann', ?, 'EXECUTED'),"
                  + " ('X-3', 'A-3', 'ADJUST_PRICE', 'ann', ?, 'EXECUTED')", t, t);
          h.execute(
              "INSERT INTO effectiveness_evaluation VALUES ('eval-X-1', 'A-1', 'X-1', ?, ?, 'did', NULL,"
                  + " NULL, NULL, NULL, 'INSUFFICIENT_DATA', ?), ('eval-X-3', 'A-3', 'X-3', ?, ?, 'did',"
                  + " -500, -900, -100, 3, 'INEFFECTIVE', ?)",
              t, t, t, t, t, t.plusMinutes(1));
          h.execute(
              "INSERT INTO alert_feedback (alert_id, action_id, action_type, followed_rank,"
                  + " expected_margin_change_cents, outcome, estimate_cents, score, recorded_at) VALUES"
                  + " ('A-3', 'X-3', 'ADJUST_PRICE', 1, 900, 'INEFFECTIVE', -500, 3, ?),"
                  + " ('A-2', NULL, NULL, NULL, NULL, 'UNANSWERED', NULL, NULL, ?)",
              t.plusMinutes(2), t.plusMinutes(1));
          h.execute(
              "INSERT INTO model_version (model_id, kind, status, metrics_json, created_at) VALUES"
                  + " ('m-1', 'baseline', 'RETIRED', '{\"wape\":0.2}', ?), ('m-2', 'baseline', 'ACTIVE', NULL, ?)",
              t, t.plusDays(1));
        });
    InsightDao insights = jdbi.onDemand(InsightDao.class);

    assertThat(insights.effectiveness(10, 0)).extracting(AlertDao.EffectivenessRow::alertId).containsExactly("A-3", "A-1");
    assertThat(insights.effectiveness(1, 1)).extracting(AlertDao.EffectivenessRow::outcome).containsExactly("INSUFFICIENT_DATA");
    assertThat(insights.effectivenessCount()).isEqualTo(2);
    assertThat(insights.feedback(10, 0)).extracting(f -> f.view().alertId()).containsExactly("A-3", "A-2");
    assertThat(insights.feedback(10, 0).get(0).view().detail())
        .isEqualTo("action ADJUST_PRICE, followed recommendation 1 (expected margin change 900 cents),"
            + " measured group margin effect -500 cents, score 3");
    assertThat(insights.feedbackCount()).isEqualTo(2);
    assertThat(insights.models()).extracting(InsightDao.ModelRow::modelId).containsExactly("m-2", "m-1");
    assertThat(insights.models().get(1).metricsJson()).isEqualTo("{\"wape\":0.2}");
  }

  @Test
  void catalogDaoReadsProductsAndEdgesWithTheCatalogSourceNamedAsTheApiSaysIt() {
    var t = T0.atOffset(ZoneOffset.UTC);
    jdbi.useHandle(
        h -> {
          h.execute(
              "INSERT INTO product VALUES ('SKU-A', 'Flakes', 'BREAKFAST', 'COLD_CEREAL', 399, 200),"
                  + " ('SKU-B', 'Puffs', 'BREAKFAST', 'COLD_CEREAL', 299, 150)");
          h.execute(
              "INSERT INTO substitution_edge (sku, substitute_sku, strength, source, updated_at) VALUES"
                  + " ('SKU-A', 'SKU-B', 0.4, 'LEARNED', ?), ('SKU-A', 'SKU-C', 0.1, 'SUBCATEGORY', ?)", t, t);
        });
    CatalogDao catalog = jdbi.onDemand(CatalogDao.class);

    assertThat(catalog.products()).extracting(io.truelift.api.api.ProductView::sku).containsExactly("SKU-A", "SKU-B");
    assertThat(catalog.product("SKU-B").orElseThrow().unitCostCents()).isEqualTo(150);
    assertThat(catalog.product("SKU-Z")).isEmpty();
    assertThat(catalog.edges("SKU-A"))
        .containsExactly(
            new io.truelift.api.api.SubstituteEdgeView("SKU-B", 0.4, "LEARNED"),
            new io.truelift.api.api.SubstituteEdgeView("SKU-C", 0.1, "CATALOG"));
  }

  @Test
  void catalogDaoReadsTheEdgesOfTheActiveModelElseTheNewestSetOfAModelStillInUse() {
    var t = T0.atOffset(ZoneOffset.UTC);
    String edge =
        "INSERT INTO substitution_edge (model_id, sku, substitute_sku, strength, source, updated_at)"
            + " VALUES (?, 'SKU-A', ?, ?, 'LEARNED', ?)";
    String model =
        "INSERT INTO model_version (model_id, kind, status, created_at, decided_at) VALUES (?, 'baseline', ?, ?, ?)";
    jdbi.useHandle(
        h -> {
          h.execute(model, "m-old", "RETIRED", t, t);
          h.execute(edge, "m-old", "SKU-B", 0.9, t.plusMinutes(3));
          h.execute(edge, "m-cand", "SKU-C", 0.2, t.plusMinutes(2));
          h.execute(model, "m-active", "ACTIVE", t, t.plusMinutes(1));
        });
    CatalogDao catalog = jdbi.onDemand(CatalogDao.class);
    // The active model has no set (trained before edges were stored): the candidate's, not the
    // retired model's though it is newer.
    assertThat(catalog.edges("SKU-A")).extracting(io.truelift.api.api.SubstituteEdgeView::sku).containsExactly("SKU-C");
    jdbi.useHandle(h -> h.execute(edge, "m-active", "SKU-D", 0.3, t.plusMinutes(1)));
    assertThat(catalog.edges("SKU-A"))
        .containsExactly(new io.truelift.api.api.SubstituteEdgeView("SKU-D", 0.3, "LEARNED"));
  }
}
