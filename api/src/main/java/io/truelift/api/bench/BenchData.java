package io.truelift.api.bench;

import io.truelift.model.Granularity;
import io.truelift.model.Observation;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.model.registry.ModelRegistry;
import io.truelift.model.registry.ModelVersion;
import io.truelift.sql.Migrations;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Fills a fresh PostgreSQL schema with a realistic alert history for the load benchmark: products,
 * 1-minute windowed sales, alerts with substitutes, analyses, recommendations, notices and
 * actions, and an active baseline model (so the detail computes intervals as in production). Rows
 * go in with COPY (hundreds of thousands of rows per second), then the planner statistics are
 * gathered.
 */
final class BenchData {
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  static final int SKUS = 200;
  static final int PER_SUB_CATEGORY = 5;
  static final int WINDOW_DAYS = 2;
  static final String[] STATUSES = {"OPEN", "ANALYSED", "ESCALATED", "ACTIONED", "DISMISSED", "MEASURED", "CLOSED"};
  static final String[] SEVERITIES = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};

  private BenchData() {}

  static String sku(int i) {
    return "SKU-" + String.format("%04d", i);
  }

  static String subCategory(int sku) {
    return "SUB-" + (sku / PER_SUB_CATEGORY);
  }

  static String category(int sku) {
    return "CAT-" + (sku / (PER_SUB_CATEGORY * 4));
  }

  static String alertId(int i) {
    return "P-" + i + "-e1";
  }

  /** Recreates {@code schema} and fills it; returns the seconds the fill took. */
  static double fill(String baseUrl, String user, String password, String schema, int alerts, Path modelDir)
      throws Exception {
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = withSchema(baseUrl, schema);
    Migrations.migrate(url, user, password);
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      SplittableRandom r = new SplittableRandom(42);
      copy(copy, "product (sku, name, category, sub_category, regular_price_cents, unit_cost_cents)", products());
      copyWindows(copy, r);
      copyAlerts(copy, r, alerts);
      try (Statement s = c.createStatement()) {
        // VACUUM also sets the visibility map, so counts can use index-only scans.
        s.execute("VACUUM ANALYZE");
      }
    }
    registerModel(url, user, password, modelDir);
    return (System.nanoTime() - t0) / 1e9;
  }

  static String withSchema(String url, String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void copy(CopyManager copy, String table, CharSequence rows) throws SQLException, IOException {
    copy.copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv)", new StringReader(rows.toString()));
  }

  private static String products() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < SKUS; i++) {
      long price = 199 + (i % 10) * 50;
      b.append(sku(i)).append(",Product ").append(i).append(',').append(category(i)).append(',')
          .append(subCategory(i)).append(',').append(price).append(',').append(price * 6 / 10).append('\n');
    }
    return b.toString();
  }

  private static void copyWindows(CopyManager copy, SplittableRandom r) throws Exception {
    int windows = WINDOW_DAYS * 24 * 60;
    for (int sku = 0; sku < SKUS; sku++) {
      StringBuilder b = new StringBuilder();
      long price = 199 + (sku % 10) * 50;
      for (int w = 0; w < windows; w++) {
        Instant ws = START.plusSeconds(60L * w);
        double baseline = 0.5 + 0.4 * Math.sin(Math.PI * (w % 1440) / 1440.0);
        int units = r.nextDouble() < baseline ? 1 + r.nextInt(2) : 0;
        b.append(sku(sku)).append(",*,").append(ws).append(',').append(ws.plusSeconds(60)).append(',')
            .append(units).append(',').append(units * price).append(',')
            .append(String.format(java.util.Locale.ROOT, "%.3f", baseline)).append(",,").append(ws.plusSeconds(90)).append('\n');
      }
      copy(copy, "windowed_sales (sku, store_id, window_start, window_end, units, revenue_cents, baseline_units,"
          + " promotion_id, updated_at)", b);
    }
  }

  private static void copyAlerts(CopyManager copy, SplittableRandom r, int alerts) throws Exception {
    int batch = 10_000;
    int windowMinutes = WINDOW_DAYS * 24 * 60;
    for (int from = 0; from < alerts; from += batch) {
      StringBuilder alert = new StringBuilder(), subs = new StringBuilder(), analysis = new StringBuilder(),
          recs = new StringBuilder(), notes = new StringBuilder(), actions = new StringBuilder();
      for (int i = from; i < Math.min(alerts, from + batch); i++) {
        int promoted = r.nextInt(SKUS);
        int length = 60 + r.nextInt(120);
        int startMinute = r.nextInt(windowMinutes - length);
        Instant ws = START.plusSeconds(60L * startMinute);
        Instant we = ws.plusSeconds(60L * length);
        Instant created = we.plusSeconds(5);
        String status = STATUSES[r.nextInt(STATUSES.length)];
        double gross = 40 + r.nextInt(200);
        double cann = gross * (0.1 + 0.5 * r.nextDouble());
        String id = alertId(i);
        alert.append(id).append(",P-").append(i).append(',').append(sku(promoted)).append(',')
            .append(category(promoted)).append(',').append(subCategory(promoted)).append(',').append(status)
            .append(',').append(SEVERITIES[r.nextInt(4)]).append(',').append(we).append(',').append(ws)
            .append(',').append(we).append(',').append(gross).append(',').append(cann).append(',')
            .append(cann / gross).append(',').append((long) (cann * 300)).append(",,").append(6 + r.nextDouble() * 10)
            .append(",alert-").append(id).append(',').append(created).append(',').append(created.plusSeconds(10)).append('\n');
        int base = (promoted / PER_SUB_CATEGORY) * PER_SUB_CATEGORY;
        double left = cann;
        for (int k = 0; k < PER_SUB_CATEGORY; k++) {
          int s = base + k;
          if (s == promoted) {
            continue;
          }
          double lost = left / 2;
          left -= lost;
          double baseline = lost * 3 + 10;
          subs.append(id).append(',').append(sku(s)).append(',').append(baseline).append(',')
              .append(baseline - lost).append(',').append(lost).append('\n');
        }
        analysis.append(id).append(",deterministic,\"Sales of ").append(sku(promoted))
            .append(" moved from its substitutes; the promotion lost margin.\",0.9,").append(created).append('\n');
        for (int rank = 1; rank <= 3; rank++) {
          String type = rank == 1 ? "ADJUST_PRICE" : rank == 2 ? "STOP_PROMOTION" : "DISMISS";
          recs.append(id).append(',').append(rank).append(',').append(type).append(',')
              .append(rank == 1 ? "249" : "").append(",Option ").append(rank).append(",Because ").append(rank)
              .append(',').append(1000 - rank * 300).append('\n');
        }
        notes.append(id).append(":ANALYSED,").append(id).append(",ANALYSED,analysed,").append(created.plusSeconds(2)).append('\n');
        if (!status.equals("OPEN") && !status.equals("ANALYSED")) {
          notes.append(id).append(":").append(status).append(',').append(id).append(',').append(status)
              .append(",moved on,").append(created.plusSeconds(60)).append('\n');
        }
        if (status.equals("ACTIONED") || status.equals("MEASURED") || status.equals("DISMISSED")) {
          actions.append("X-").append(i).append(',').append(id).append(status.equals("DISMISSED") ? ",DISMISS,,not material," : ",STOP_PROMOTION,,,")
              .append("manager,").append(created.plusSeconds(30)).append(",EXECUTED,").append(created.plusSeconds(31)).append(",\n");
        }
      }
      copy(copy, "alert (alert_id, promotion_id, promoted_sku, category, sub_category, status, severity,"
          + " detected_at, window_start, window_end, gross_lift_units, cannibalized_units, cannibalization_rate,"
          + " lost_revenue_cents, lost_margin_cents, test_statistic, workflow_id, created_at, updated_at)", alert);
      copy(copy, "alert_substitute (alert_id, sku, baseline_units, actual_units, lost_units)", subs);
      copy(copy, "analysis (alert_id, analyst, explanation, confidence, created_at)", analysis);
      copy(copy, "recommended_strategy (alert_id, rank, action_type, new_price_cents, title, rationale,"
          + " expected_margin_change_cents)", recs);
      copy(copy, "alert_notification (notification_id, alert_id, kind, message, created_at)", notes);
      copy(copy, "user_action (action_id, alert_id, action_type, new_price_cents, reason, actor, requested_at,"
          + " status, executed_at, market_event_id)", actions);
    }
  }

  /** Trains a small baseline model on synthetic sales and makes it the ACTIVE registry version. */
  private static void registerModel(String url, String user, String password, Path dir) {
    SplittableRandom r = new SplittableRandom(7);
    List<Observation> rows = new ArrayList<>();
    for (int h = 0; h < 24 * 14; h++) {
      Instant t = START.minus(Duration.ofDays(14)).plus(Duration.ofHours(h));
      boolean promo = (h / 24) % 5 == 2 && h % 24 >= 8;
      for (int s = 0; s < PER_SUB_CATEGORY; s++) {
        boolean own = promo && s == 0;
        double mean = 3 * (own ? 2 : promo ? 0.7 : 1);
        int units = 0;
        for (double p = r.nextDouble(), l = Math.exp(-mean); p > l; p *= r.nextDouble()) {
          units++;
        }
        rows.add(new Observation(sku(s), "*", category(s), subCategory(s), t, units, own ? 149 : 199, 199, 120, own, false, false));
      }
    }
    SalesHistory history = SalesHistory.of(Granularity.HOUR, rows);
    var trained = Trainer.train(history, TrainingConfig.defaults(Granularity.HOUR), "bench-model");
    ModelRegistry registry = new ModelRegistry(url, user, password);
    ModelVersion v = registry.register(trained.model(), dir, Instant.now());
    registry.activate(v.modelId(), "load benchmark", Instant.now());
  }
}
