package io.truelift.pipelines.training;

import com.google.api.services.bigquery.model.TableRow;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.Granularity;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.model.data.ShoppingEventBuckets;
import io.truelift.pipelines.model.ModelBaseline;
import java.io.Serializable;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The batch training pipeline: reads sales history (JSONL or CSV files, BigQuery through
 * BigQueryIO, or a database through JdbcIO), sums it per product and hour in parallel, then trains
 * the baseline through the model module's single feature path and registers the version with the
 * substitution edges learned from the same history (optionally activating it). Invalid lines are counted ({@code invalidHistoryRows}) and skipped.
 */
public final class TrainingPipeline {
  private TrainingPipeline() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(TrainingOptions.class);
    TrainingOptions o = PipelineOptionsFactory.fromArgs(args).withValidation().as(TrainingOptions.class);
    Pipeline p = Pipeline.create(o);
    build(p, o, null);
    p.run().waitUntilFinish();
  }

  /** @param bigQueryServices test services for BigQueryIO (null: the real ones) */
  public static PCollection<String> build(Pipeline p, TrainingOptions o, BigQueryServices bigQueryServices) {
    PCollection<ShoppingEvent> events = read(p, o, bigQueryServices);
    return events
        .apply("KeyBySkuAndHour", ParDo.of(new KeyFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(HourTotals.class)))
        .apply("SumPerSkuAndHour", Combine.perKey(new SumFn()))
        .apply("Totals", Values.create())
        .apply("GatherHistory", Combine.globally(new ListFn()).withoutDefaults())
        .apply("TrainAndRegister", ParDo.of(new TrainAndRegisterFn(o.getRegistryUrl(), o.getRegistryUser(),
            o.getRegistryPassword(), o.getArtifactDir(), o.getActivate(), o.getModelId())))
        .setCoder(StringUtf8Coder.of());
  }

  static PCollection<ShoppingEvent> read(Pipeline p, TrainingOptions o, BigQueryServices services) {
    PCollection<ShoppingEvent> out;
    switch (o.getHistorySource()) {
      case "jsonl" -> out = p.apply("ReadJsonl", TextIO.read().from(require(o.getInput(), "input")))
          .apply("ParseJsonl", ParDo.of(new ParseFn(false)));
      case "csv" -> out = p.apply("ReadCsv", TextIO.read().from(require(o.getInput(), "input")))
          .apply("ParseCsv", ParDo.of(new ParseFn(true)));
      case "bigquery" -> {
        BigQueryIO.TypedRead<TableRow> read =
            BigQueryIO.readTableRows().from(require(o.getBigQueryTable(), "bigQueryTable")).withoutValidation();
        if (services != null) {
          read = read.withTestServices(services);
        }
        out = p.apply("ReadBigQuery", read).apply("ParseTableRows", ParDo.of(new TableRowFn()));
      }
      case "jdbc" -> out = p.apply("ReadJdbc",
          JdbcIO.<ShoppingEvent>read()
              .withDataSourceConfiguration(JdbcIO.DataSourceConfiguration.create(driver(require(o.getJdbcUrl(), "jdbcUrl")), o.getJdbcUrl())
                  .withUsername(o.getJdbcUser()).withPassword(o.getJdbcPassword()))
              .withQuery(o.getJdbcQuery())
              .withRowMapper(TrainingPipeline::fromResultSet)
              .withCoder(SerializableCoder.of(ShoppingEvent.class)));
      default -> throw new IllegalArgumentException(
          "historySource must be jsonl, csv, bigquery or jdbc, got \"" + o.getHistorySource() + "\"");
    }
    return out.setCoder(SerializableCoder.of(ShoppingEvent.class));
  }

  static String driver(String url) {
    return url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver";
  }

  static String require(String v, String name) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required for this historySource");
    }
    return v;
  }

  static ShoppingEvent fromResultSet(ResultSet r) throws Exception {
    return event(r.getString("event_id"), r.getTimestamp("event_time").toInstant(), r.getString("store_id"),
        r.getString("sku"), r.getString("category"), r.getString("sub_category"), r.getLong("units"),
        r.getLong("unit_price_cents"), r.getLong("regular_price_cents"), r.getString("promotion_id"));
  }

  static ShoppingEvent event(String id, Instant t, String store, String sku, String category, String sub,
      long units, long price, long regular, String promotionId) {
    return new ShoppingEvent(ShoppingEvent.VERSION, id, t, store, sku, category, sub, (int) units, price, regular,
        promotionId == null || promotionId.isBlank() ? null : promotionId);
  }

  /** Decodes JSONL or CSV lines; a bad line is counted, not fatal. */
  static class ParseFn extends DoFn<String, ShoppingEvent> {
    private final boolean csv;
    private final Counter invalid = Metrics.counter(TrainingPipeline.class, "invalidHistoryRows");

    ParseFn(boolean csv) {
      this.csv = csv;
    }

    @ProcessElement
    public void process(@Element String line, OutputReceiver<ShoppingEvent> out) {
      if (line.isBlank() || (csv && line.startsWith("event_id"))) {
        return;
      }
      try {
        if (!csv) {
          out.output(EventJson.decode(line, ShoppingEvent.class));
          return;
        }
        String[] f = line.split(",", -1);
        if (f.length < 10) {
          throw new IllegalArgumentException("expected 10 columns, got " + f.length);
        }
        out.output(event(f[0], Instant.parse(f[1]), f[2], f[3], f[4], f[5], Long.parseLong(f[6]), Long.parseLong(f[7]),
            Long.parseLong(f[8]), f[9]));
      } catch (RuntimeException e) { // InvalidEventException included
        invalid.inc();
      }
    }
  }

  /** A BigQuery row with the history table's columns. */
  static class TableRowFn extends DoFn<TableRow, ShoppingEvent> {
    private final Counter invalid = Metrics.counter(TrainingPipeline.class, "invalidHistoryRows");

    @ProcessElement
    public void process(@Element TableRow r, OutputReceiver<ShoppingEvent> out) {
      try {
        Object t = r.get("event_time");
        Instant at = t instanceof Number n ? Instant.ofEpochMilli((long) (n.doubleValue() * 1000)) : Instant.parse(String.valueOf(t).replace(" UTC", "Z").replace(' ', 'T'));
        out.output(event(String.valueOf(r.get("event_id")), at, String.valueOf(r.get("store_id")), String.valueOf(r.get("sku")),
            String.valueOf(r.get("category")), String.valueOf(r.get("sub_category")), Long.parseLong(String.valueOf(r.get("units"))),
            Long.parseLong(String.valueOf(r.get("unit_price_cents"))), Long.parseLong(String.valueOf(r.get("regular_price_cents"))),
            r.get("promotion_id") == null ? null : String.valueOf(r.get("promotion_id"))));
      } catch (RuntimeException e) {
        invalid.inc();
      }
    }
  }

  /** One product's sales in one hour, all stores. */
  record HourTotals(ShoppingEvent sample, Instant hour, double units, double revenueCents, double promotedUnits, long lines)
      implements Serializable {}

  static class KeyFn extends DoFn<ShoppingEvent, KV<String, HourTotals>> {
    @ProcessElement
    public void process(@Element ShoppingEvent e, OutputReceiver<KV<String, HourTotals>> out) {
      Instant hour = Granularity.HOUR.floor(e.eventTime());
      out.output(KV.of(e.sku() + "@" + hour.getEpochSecond(),
          new HourTotals(e, hour, e.units(), e.revenueCents(), e.promotionId() != null ? e.units() : 0, 1)));
    }
  }

  static class SumFn implements SerializableFunction<Iterable<HourTotals>, HourTotals> {
    @Override
    public HourTotals apply(Iterable<HourTotals> in) {
      HourTotals acc = null;
      for (HourTotals t : in) {
        acc = acc == null ? t : new HourTotals(acc.sample(), acc.hour(), acc.units() + t.units(),
            acc.revenueCents() + t.revenueCents(), acc.promotedUnits() + t.promotedUnits(), acc.lines() + t.lines());
      }
      return acc;
    }
  }

  static class ListFn extends Combine.CombineFn<HourTotals, ArrayList<HourTotals>, ArrayList<HourTotals>> {
    @Override
    public ArrayList<HourTotals> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public ArrayList<HourTotals> addInput(ArrayList<HourTotals> acc, HourTotals t) {
      acc.add(t);
      return acc;
    }

    @Override
    public ArrayList<HourTotals> mergeAccumulators(Iterable<ArrayList<HourTotals>> all) {
      ArrayList<HourTotals> out = new ArrayList<>();
      all.forEach(out::addAll);
      return out;
    }

    @Override
    public ArrayList<HourTotals> extractOutput(ArrayList<HourTotals> acc) {
      return acc;
    }
  }

  /** Trains on the summed history in one worker and registers the model; emits its id. */
  static class TrainAndRegisterFn extends DoFn<ArrayList<HourTotals>, String> {
    private final String registryUrl, user, password, artifactDir, modelId;
    private final boolean activate;

    TrainAndRegisterFn(String registryUrl, String user, String password, String artifactDir, boolean activate, String modelId) {
      this.registryUrl = registryUrl;
      this.user = user;
      this.password = password;
      this.artifactDir = artifactDir;
      this.activate = activate;
      this.modelId = modelId;
    }

    @ProcessElement
    public void process(@Element ArrayList<HourTotals> input, OutputReceiver<String> out) {
      ShoppingEventBuckets buckets = new ShoppingEventBuckets(Granularity.HOUR);
      List<HourTotals> totals = new ArrayList<>(input); // inputs are immutable
      totals.sort((a, b) -> a.hour().compareTo(b.hour()));
      for (HourTotals t : totals) {
        buckets.addTotals(t.sample(), t.hour(), t.units(), t.revenueCents(), t.promotedUnits(), t.lines());
      }
      SalesHistory h = SalesHistory.of(Granularity.HOUR, buckets.observations(Map.of(), ModelBaseline.DEFAULT_COST_SHARE));
      String id = modelId != null ? modelId : "baseline-" + UUID.randomUUID().toString().substring(0, 8);
      Trainer.TrainedModel trained = Trainer.train(h, TrainingConfig.defaults(Granularity.HOUR), id);
      Map<String, String> o = new LinkedHashMap<>();
      if (registryUrl != null) {
        o.put("registryUrl", registryUrl);
      }
      o.put("registryUser", user);
      o.put("registryPassword", password);
      o.put("artifactDir", artifactDir);
      o.put("activate", String.valueOf(activate));
      TrainBaseline.register(trained.model(), h, o);
      out.output(id);
    }
  }

  static List<String> columns() {
    return List.of("event_id", "event_time", "store_id", "sku", "category", "sub_category", "units",
        "unit_price_cents", "regular_price_cents", "promotion_id");
  }
}
