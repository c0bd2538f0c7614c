package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.TableRow;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.core.contracts.WindowedStat;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.pipelines.options.CannibalizationOptions;
import io.truelift.pipelines.transforms.WriteToBigQuery;
import io.truelift.pipelines.transforms.WriteToDatabase;
import io.truelift.sql.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The database sinks (JdbcIO MERGE) on H2 and on the real PostgreSQL, and the BigQuery sinks on
 * Beam's fake BigQuery services: a replayed run upserts and never duplicates, a late pane replaces
 * its window and an older one written after it does not, retractions mark the pipeline's record.
 */
class SinksIT {
  record Db(String name, String url, String user) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Db> databases() throws Exception {
    String schema = "pipeline_sinks_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return Stream.of(
        new Db("h2", "jdbc:h2:mem:sinks-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa"),
        new Db("postgresql", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema, "postgres"));
  }

  private static List<ShoppingEvent> sales() {
    return StreamingScenarios.silentSubstitutes("PIZZA-4CH", "P-1", 0, 8, 3, "");
  }

  /** The batch pipeline's detection over {@code sales}, written to the database. */
  private static void runIntoDatabase(Db db, List<ShoppingEvent> sales) {
    CannibalizationOptions o = StreamingScenarios.sensitiveOptions("--jdbcUrl=" + db.url(), "--jdbcUser=" + db.user());
    Pipeline p = Pipeline.create(o);
    var raw = p.apply(Create.of(sales.stream().map(EventJson::encode).toList()).withCoder(StringUtf8Coder.of()));
    var market = p.apply("NoMarket", Create.empty(StringUtf8Coder.of()));
    CannibalizationPipeline.Outputs out = CannibalizationPipeline.detect(raw, market, o, StreamingScenarios.PROFILE, true);
    WriteToDatabase sink = new WriteToDatabase(db.url(), db.user(), "");
    sink.windowedStats(out.stats(), StreamingScenarios.PROFILE);
    sink.alerts(out.alerts(), out.retractions());
    p.run().waitUntilFinish();
  }

  private static long count(Connection c, String sql) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aReplayUpsertsTheSameRowsAndRetractionsMarkTheAlert(Db db) throws Exception {
    Migrations.migrate(db.url(), db.user(), "");
    runIntoDatabase(db, sales());
    runIntoDatabase(db, sales()); // the same input again: a replay or a restart
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), "")) {
      // 8 minutes x 4 pizzas of FROZEN PIZZA + 8 x FLOSS, once each.
      assertThat(count(c, "SELECT COUNT(*) FROM windowed_sales")).isEqualTo(8 * 5);
      assertThat(count(c, "SELECT SUM(units) FROM windowed_sales")).isEqualTo(sales().size());
      assertThat(count(c, "SELECT COUNT(*) FROM baseline")).isEqualTo(8 * 5);
      assertThat(count(c, "SELECT COUNT(*) FROM detected_alert WHERE alert_id = 'P-1-e1' AND status = 'RAISED'")).isEqualTo(1);
      assertThat(count(c, "SELECT COUNT(*) FROM alert")).as("the worker's table is left to the worker").isZero();
    }

    // A late pane (more units) replaces the window; an older pane written after it does not.
    Instant w = StreamingScenarios.minute(3);
    WindowedStat older = new WindowedStat(1, w, w.plusSeconds(60), "PIZZA-PEP", "FROZEN", "FROZEN PIZZA", 0, 0, 0.8, null);
    WindowedStat late = new WindowedStat(1, w, w.plusSeconds(60), "PIZZA-PEP", "FROZEN", "FROZEN PIZZA", 10, 5000, 0.8, null);
    Pipeline p = Pipeline.create(StreamingScenarios.sensitiveOptions());
    WriteToDatabase sink = new WriteToDatabase(db.url(), db.user(), "");
    sink.windowedStats(p.apply(Create.of(late).withCoder(SerializableCoder.of(WindowedStat.class))), StreamingScenarios.PROFILE);
    sink.alerts(
        p.apply("NoAlerts", Create.empty(SerializableCoder.of(CannibalizationAlert.class))),
        p.apply(Create.of(AlertRetraction.of("P-1-e1", "P-1", w.minusSeconds(180), w.plusSeconds(60), w.plusSeconds(60), "late data undid it")).withCoder(SerializableCoder.of(AlertRetraction.class))));
    p.run().waitUntilFinish();
    Pipeline p2 = Pipeline.create(StreamingScenarios.sensitiveOptions());
    sink.windowedStats(p2.apply(Create.of(older).withCoder(SerializableCoder.of(WindowedStat.class))), StreamingScenarios.PROFILE);
    p2.run().waitUntilFinish();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), "")) {
      assertThat(count(c, "SELECT MAX(units) FROM windowed_sales WHERE sku = 'PIZZA-PEP'")).isEqualTo(10);
      assertThat(count(c, "SELECT COUNT(*) FROM windowed_sales")).isEqualTo(8 * 5);
      assertThat(count(c, "SELECT COUNT(*) FROM detected_alert WHERE status = 'RETRACTED'")).isEqualTo(1);
    }
  }

  @Test
  void historyAndWindowedStatsGoToBigQueryThroughBigQueryIo(@TempDir Path dir) throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    FakeDatasetService datasets = new FakeDatasetService();
    datasets.createDataset("truelift-test", "analytics", "", "", null);
    FakeBigQueryServices services = new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService());
    CannibalizationOptions o = StreamingScenarios.sensitiveOptions("--tempLocation=" + dir.toAbsolutePath());
    Pipeline p = Pipeline.create(o);
    var raw = p.apply(Create.of(sales().stream().map(EventJson::encode).toList()).withCoder(StringUtf8Coder.of()));
    var market = p.apply("NoMarket", Create.empty(StringUtf8Coder.of()));
    CannibalizationPipeline.Outputs out = CannibalizationPipeline.detect(raw, market, o, StreamingScenarios.PROFILE, true);
    WriteToBigQuery bq = new WriteToBigQuery("truelift-test:analytics", false, services);
    bq.history(out.events());
    bq.windowedStats(out.stats());
    p.run().waitUntilFinish();

    List<TableRow> history = datasets.getAllRows("truelift-test", "analytics", WriteToBigQuery.HISTORY_TABLE);
    assertThat(history).hasSize(sales().size());
    assertThat(history).extracting(r -> r.get("sku")).contains("PIZZA-4CH", "FLOSS");
    List<TableRow> stats = datasets.getAllRows("truelift-test", "analytics", WriteToBigQuery.WINDOWED_STATS_TABLE);
    assertThat(stats).hasSize(8 * 5);
    assertThat(stats.stream().mapToLong(r -> Long.parseLong(String.valueOf(r.get("units")))).sum()).isEqualTo(sales().size());
  }
}
