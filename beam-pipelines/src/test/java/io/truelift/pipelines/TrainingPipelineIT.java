package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.BaselineModel;
import io.truelift.model.registry.ModelRegistry;
import io.truelift.model.registry.ModelVersion;
import io.truelift.pipelines.training.TrainingOptions;
import io.truelift.sql.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch training pipeline on the DirectRunner: files, a database and (fake) BigQuery. */
class TrainingPipelineIT {
  /** One day of the fixtures' sales: small enough for the DirectRunner, enough to train on. */
  static List<ShoppingEvent> history() {
    return Fixtures.sales(Fixtures.HISTORY_START, Duration.ofDays(1), "none", null, 1, 1, 5);
  }

  static TrainingOptions options(Path dir, String source) {
    TrainingOptions o = PipelineOptionsFactory.create().as(TrainingOptions.class);
    o.setHistorySource(source);
    o.setArtifactDir(dir.resolve("models").toString());
    o.setTempLocation(dir.resolve("tmp").toString());
    o.setProject("truelift-test");
    return o;
  }

  static String registry() {
    String url = "jdbc:h2:mem:train" + UUID.randomUUID().toString().replace("-", "")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    Migrations.migrate(url, "sa", "");
    return url;
  }

  static void run(TrainingOptions o, org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices bq) throws Exception {
    Pipeline p = Pipeline.create(o);
    io.truelift.pipelines.training.TrainingPipeline.build(p, o, bq);
    p.run().waitUntilFinish();
  }

  @Test
  void jsonlHistoryIsTrainedRegisteredAndActivated(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("history.jsonl");
    List<String> lines = new ArrayList<>(history().stream().map(EventJson::encode).toList());
    lines.add("not json"); // counted and skipped
    Files.write(file, lines);
    String url = registry();
    TrainingOptions o = options(dir, "jsonl");
    o.setInput(file.toString());
    o.setRegistryUrl(url);
    o.setActivate(true);
    o.setModelId("from-jsonl");
    run(o, null);
    ModelVersion active = new ModelRegistry(url, "sa", "").active().orElseThrow();
    assertThat(active.modelId()).isEqualTo("from-jsonl");
    assertThat(active.trainedFrom()).isEqualTo(Fixtures.HISTORY_START);
    BaselineModel m = ModelRegistry.load(active);
    assertThat(m.spec().skuCodes()).containsKeys("PIZZA-4CH", "FLOSS");
    // The edges learned with it, under its id: no promotion in this history, so the four pizzas'
    // sub-category default (every ordered pair).
    assertThat(new io.truelift.model.registry.SubstitutionEdgeStore(url, "sa", "").forModel("from-jsonl"))
        .satisfies(set -> assertThat(set.fallback()).isFalse())
        .satisfies(set -> assertThat(set.edges()).hasSize(12));
  }

  @Test
  void databaseHistoryIsReadThroughJdbcIo(@TempDir Path dir) throws Exception {
    String url = registry();
    try (var c = java.sql.DriverManager.getConnection(url, "sa", "")) {
      c.createStatement().execute(
          "CREATE TABLE shopping_event (event_id VARCHAR(64), event_time TIMESTAMP WITH TIME ZONE, store_id VARCHAR(16),"
              + " sku VARCHAR(64), category VARCHAR(64), sub_category VARCHAR(64), units INT, unit_price_cents BIGINT,"
              + " regular_price_cents BIGINT, promotion_id VARCHAR(64))");
      var s = c.prepareStatement("INSERT INTO shopping_event VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (ShoppingEvent e : history()) {
        s.setString(1, e.eventId());
        s.setTimestamp(2, java.sql.Timestamp.from(e.eventTime()));
        s.setString(3, e.storeId());
        s.setString(4, e.sku());
        s.setString(5, e.category());
        s.setString(6, e.subCategory());
        s.setInt(7, e.units());
        s.setLong(8, e.unitPriceCents());
        s.setLong(9, e.regularPriceCents());
        s.setString(10, e.promotionId());
        s.addBatch();
      }
      s.executeBatch();
    }
    TrainingOptions o = options(dir, "jdbc");
    o.setJdbcUrl(url);
    o.setRegistryUrl(url);
    o.setModelId("from-db");
    run(o, null);
    assertThat(new ModelRegistry(url, "sa", "").find("from-db")).map(ModelVersion::status).contains("CANDIDATE");
  }

  @Test
  void bigQueryHistoryIsReadThroughBigQueryIoAgainstTheFakeServices(@TempDir Path dir) throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    FakeDatasetService datasets = new FakeDatasetService();
    datasets.createDataset("truelift-test", "analytics", "", "", null);
    List<TableFieldSchema> fields = new ArrayList<>();
    for (String c : List.of("event_id", "event_time", "store_id", "sku", "category", "sub_category", "units",
        "unit_price_cents", "regular_price_cents", "promotion_id")) {
      String type = c.equals("event_time") ? "TIMESTAMP" : c.contains("cents") || c.equals("units") ? "INTEGER" : "STRING";
      fields.add(new TableFieldSchema().setName(c).setType(type));
    }
    TableReference ref = new TableReference().setProjectId("truelift-test").setDatasetId("analytics").setTableId("shopping_events");
    datasets.createTable(new com.google.api.services.bigquery.model.Table().setTableReference(ref).setSchema(new TableSchema().setFields(fields)));
    List<TableRow> rows = new ArrayList<>();
    for (ShoppingEvent e : history()) {
      rows.add(new TableRow().set("event_id", e.eventId()).set("event_time", e.eventTime().toEpochMilli() * 1000).set("store_id", e.storeId())
          .set("sku", e.sku()).set("category", e.category()).set("sub_category", e.subCategory()).set("units", (long) e.units())
          .set("unit_price_cents", e.unitPriceCents()).set("regular_price_cents", e.regularPriceCents()).set("promotion_id", e.promotionId()));
    }
    datasets.insertAll(ref, rows, null);
    TrainingOptions o = options(dir, "bigquery");
    o.setBigQueryTable("truelift-test:analytics.shopping_events");
    o.setModelId("from-bigquery");
    run(o, new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService()));
    assertThat(dir.resolve("models/from-bigquery/model.ubj")).exists();
    assertThat(BaselineModel.load(dir.resolve("models/from-bigquery")).spec().skuCodes()).hasSize(5);
  }
}
