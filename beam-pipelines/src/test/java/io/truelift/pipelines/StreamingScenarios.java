package io.truelift.pipelines;

import io.truelift.core.contracts.AlertMessage;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.core.contracts.Topics;
import io.truelift.core.contracts.WindowedStat;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.options.CannibalizationOptions;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * Builds the detection pipeline over a {@link TestStream} of both input topics (raw JSON, as
 * KafkaIO delivers it) and collects its outputs, for the streaming tests on any runner.
 */
final class StreamingScenarios {
  static final BaselineProfile PROFILE = BaselineProfile.fromEvents(Fixtures.history());
  static final Instant T0 = Fixtures.LIVE_START;
  private static final Map<String, List<Object>> COLLECTED = new ConcurrentHashMap<>();

  private StreamingScenarios() {}

  /** A fixed CUSUM threshold and small minimums: a few silent substitute minutes decide. */
  static CannibalizationOptions sensitiveOptions(String... extra) {
    PipelineOptionsFactory.register(CannibalizationOptions.class);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--historyFile=unused", "--falseAlarmRate=0", "--cusumThreshold=1.0", "--cusumMaterialLoss=0.15",
                "--minExpectedSubstituteUnits=5", "--minCannibalizedUnits=5", "--minLostMarginCents=0",
                "--windowMinutes=1", "--allowedLatenessMinutes=1"));
    args.addAll(List.of(extra));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(CannibalizationOptions.class);
  }

  /** Builder of a two-topic stream: elements are (topic, JSON) stamped with their event time. */
  static final class Stream {
    private TestStream.Builder<KV<String, String>> b =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));

    Stream watermark(Instant t) {
      b = b.advanceWatermarkTo(new org.joda.time.Instant(t.toEpochMilli()));
      return this;
    }

    Stream sales(List<ShoppingEvent> events) {
      for (ShoppingEvent e : events) {
        raw(Topics.SHOPPING_EVENTS, EventJson.encode(e), e.eventTime());
      }
      return this;
    }

    Stream market(MarketEvent e) {
      return raw(Topics.MARKET_EVENTS, EventJson.encode(e), e.eventTime());
    }

    Stream raw(String topic, String json, Instant at) {
      b = b.addElements(TimestampedValue.of(KV.of(topic, json), new org.joda.time.Instant(at.toEpochMilli())));
      return this;
    }

    TestStream<KV<String, String>> end() {
      return b.advanceWatermarkToInfinity();
    }
  }

  /** What one run produced. */
  record Run(
      PipelineResult result,
      List<CannibalizationAlert> alerts,
      List<AlertRetraction> retractions,
      List<AlertMessage> alertMessages,
      List<WindowedStat> stats,
      List<DeadLetter> deadLetters) {
    long metric(String name) {
      return PipelineMetrics.get(result, name);
    }
  }

  /** Runs the pipeline's detection over {@code stream}; {@code beforeRun} may add sinks. */
  static Run run(PipelineOptions runner, CannibalizationOptions o, TestStream<KV<String, String>> stream) {
    Pipeline p = Pipeline.create(runner);
    PCollection<KV<String, String>> in = p.apply("Input", stream);
    PCollection<String> sales = in.apply("ShoppingTopic", Filter.by(kv -> kv.getKey().equals(Topics.SHOPPING_EVENTS)))
        .apply("ShoppingJson", Values.create());
    PCollection<String> market = in.apply("MarketTopic", Filter.by(kv -> kv.getKey().equals(Topics.MARKET_EVENTS)))
        .apply("MarketJson", Values.create());
    CannibalizationPipeline.Outputs out = CannibalizationPipeline.detect(sales, market, o, PROFILE, false);
    String id = java.util.UUID.randomUUID().toString();
    collect(out.alerts(), id + "/alerts");
    collect(out.retractions(), id + "/retractions");
    // What the Kafka sink writes to the alerts topic: both kinds through one collection.
    collect(CannibalizationPipeline.alertMessages(out.alerts(), out.retractions()), id + "/messages");
    collect(out.stats(), id + "/stats");
    collect(out.deadLetters(), id + "/dead");
    PipelineResult r = p.run();
    r.waitUntilFinish();
    return new Run(r, get(id + "/alerts"), get(id + "/retractions"), get(id + "/messages"), get(id + "/stats"), get(id + "/dead"));
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> get(String key) {
    return (List<T>) (List<?>) List.copyOf(COLLECTED.getOrDefault(key, List.of()));
  }

  private static <T extends Serializable> void collect(PCollection<T> c, String key) {
    COLLECTED.put(key, new CopyOnWriteArrayList<>());
    c.apply("Collect" + key.substring(key.indexOf('/') + 1), ParDo.of(new CollectFn<>(key)));
  }

  /** Copies elements into a static list: the Direct and Flink [local] runners share this JVM. */
  static class CollectFn<T> extends DoFn<T, Void> {
    private final String key;

    CollectFn(String key) {
      this.key = key;
    }

    @ProcessElement
    public void processElement(@Element T e) {
      COLLECTED.get(key).add(e);
    }
  }

  static MarketEvent market(String id, MarketEventType type, String promotionId, String sku, Instant at, Long price) {
    return new MarketEvent(1, id, at, type, promotionId, sku, null, price, "test", null);
  }

  static Instant minute(double m) {
    return T0.plusMillis((long) (m * 60_000));
  }

  /**
   * Sales of minutes {@code [from, to)}: the promoted sku {@code promotedUnitsPerMinute} at the
   * promoted price (tagged with {@code promotionId}, or untagged when null), FLOSS one a minute,
   * substitutes nothing (they are cannibalized completely).
   */
  static List<ShoppingEvent> silentSubstitutes(
      String promotedSku, String promotionId, int from, int to, int promotedUnitsPerMinute, String idPrefix) {
    List<ShoppingEvent> out = new ArrayList<>();
    for (int m = from; m < to; m++) {
      for (int i = 0; i < promotedUnitsPerMinute; i++) {
        out.add(Fixtures.event(idPrefix + promotedSku + "-" + m + "-" + i, promotedSku, minute(m + 0.1 + 0.2 * i), 1, promotionId));
      }
      out.add(Fixtures.event(idPrefix + "floss-" + m, "FLOSS", minute(m + 0.5), 1, null));
    }
    return out;
  }
}
