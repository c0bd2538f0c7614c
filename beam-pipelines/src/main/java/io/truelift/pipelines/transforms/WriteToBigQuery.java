package io.truelift.pipelines.transforms;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.core.contracts.WindowedStat;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The analytics sinks on BigQuery (BigQueryIO): the sales history ({@code shopping_events}, the
 * columns the training pipeline reads back with {@code --historySource=bigquery}) and the windowed
 * stats ({@code windowed_stats}, one row per pane: a late pane appends the window's corrected
 * totals, and the row with the most units per sku and window is the current one). Streaming jobs
 * use streaming inserts, batch jobs load jobs; tables are created if missing.
 */
public final class WriteToBigQuery implements Serializable {
  public static final String HISTORY_TABLE = "shopping_events";
  public static final String WINDOWED_STATS_TABLE = "windowed_stats";

  private final String dataset;
  private final boolean streaming;
  private final BigQueryServices testServices;

  /**
   * @param dataset {@code project:dataset}
   * @param testServices Beam's fake BigQuery services in tests, null for the real service
   */
  public WriteToBigQuery(String dataset, boolean streaming, BigQueryServices testServices) {
    if (dataset == null || !dataset.matches("[a-zA-Z0-9_.:-]+:[a-zA-Z0-9_]+")) {
      throw new IllegalArgumentException("bigQueryDataset must be project:dataset, got " + dataset);
    }
    this.dataset = dataset;
    this.streaming = streaming;
    this.testServices = testServices;
  }

  public void history(PCollection<ShoppingEvent> events) {
    write(events, "WriteHistoryToBigQuery", HISTORY_TABLE, historySchema(), WriteToBigQuery::historyRow);
  }

  public void windowedStats(PCollection<WindowedStat> stats) {
    write(stats, "WriteWindowedStatsToBigQuery", WINDOWED_STATS_TABLE, statsSchema(), WriteToBigQuery::statRow);
  }

  private <T> void write(
      PCollection<T> in, String name, String table, TableSchema schema, SerializableFunction<T, TableRow> toRow) {
    BigQueryIO.Write<TableRow> write =
        BigQueryIO.writeTableRows()
            .to(dataset + "." + table)
            .withSchema(schema)
            .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(BigQueryIO.Write.WriteDisposition.WRITE_APPEND)
            .withMethod(
                streaming
                    ? BigQueryIO.Write.Method.STREAMING_INSERTS
                    : BigQueryIO.Write.Method.FILE_LOADS);
    if (testServices != null) {
      write = write.withTestServices(testServices).withoutValidation();
    }
    in.apply(name + "Rows", MapElements.into(TypeDescriptor.of(TableRow.class)).via(toRow))
        .setCoder(TableRowJsonCoder.of())
        .apply(name, write);
  }

  /** The history table: the columns {@code TrainingPipeline} reads. */
  public static TableSchema historySchema() {
    return schema(
        "event_id:STRING", "event_time:TIMESTAMP", "store_id:STRING", "sku:STRING", "category:STRING",
        "sub_category:STRING", "units:INTEGER", "unit_price_cents:INTEGER", "regular_price_cents:INTEGER",
        "promotion_id:STRING");
  }

  public static TableSchema statsSchema() {
    return schema(
        "window_start:TIMESTAMP", "window_end:TIMESTAMP", "sku:STRING", "category:STRING", "sub_category:STRING",
        "units:INTEGER", "revenue_cents:INTEGER", "baseline_units:FLOAT", "promotion_id:STRING");
  }

  private static TableSchema schema(String... columns) {
    List<TableFieldSchema> fields = new ArrayList<>();
    for (String c : columns) {
      String[] nameType = c.split(":");
      fields.add(new TableFieldSchema().setName(nameType[0]).setType(nameType[1]).setMode(
          nameType[0].equals("promotion_id") ? "NULLABLE" : "REQUIRED"));
    }
    return new TableSchema().setFields(fields);
  }

  /** Timestamps as BigQuery's JSON accepts them: seconds since the epoch. */
  private static double seconds(java.time.Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  static TableRow historyRow(ShoppingEvent e) {
    return new TableRow()
        .set("event_id", e.eventId())
        .set("event_time", seconds(e.eventTime()))
        .set("store_id", e.storeId())
        .set("sku", e.sku())
        .set("category", e.category())
        .set("sub_category", e.subCategory())
        .set("units", (long) e.units())
        .set("unit_price_cents", e.unitPriceCents())
        .set("regular_price_cents", e.regularPriceCents())
        .set("promotion_id", e.promotionId());
  }

  static TableRow statRow(WindowedStat s) {
    return new TableRow()
        .set("window_start", seconds(s.windowStart()))
        .set("window_end", seconds(s.windowEnd()))
        .set("sku", s.sku())
        .set("category", s.category())
        .set("sub_category", s.subCategory())
        .set("units", s.units())
        .set("revenue_cents", s.revenueCents())
        .set("baseline_units", s.baselineUnits())
        .set("promotion_id", s.promotionId());
  }
}
