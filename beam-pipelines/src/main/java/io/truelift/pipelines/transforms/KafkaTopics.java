package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.EventJson;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.CustomTimestampPolicyWithLimitedDelay;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** KafkaIO configured the TrueLift way: JSON strings in and out, event-time watermarks. */
public final class KafkaTopics {
  private KafkaTopics() {}

  /** Reads a topic's values from the earliest offset, timestamped by event time. */
  public static PTransform<PBegin, PCollection<String>> read(
      String bootstrapServers, String topic, Duration maxOutOfOrder) {
    return new ReadJsonTopic(bootstrapServers, topic, maxOutOfOrder, false);
  }

  /**
   * Reads a sparse topic (market events) from the earliest offset, timestamped by event time,
   * whose watermark follows the wall clock while the topic is idle. Hours can pass without a
   * market event, and a watermark stuck at the last one would hold back every window merged with
   * it; the detector keeps market events in the global window, so one behind this watermark is
   * still applied at its event time.
   */
  public static PTransform<PBegin, PCollection<String>> readSparse(
      String bootstrapServers, String topic, Duration maxOutOfOrder) {
    return new ReadJsonTopic(bootstrapServers, topic, maxOutOfOrder, true);
  }

  /** Writes each element as JSON with the given key. */
  public static <T> PTransform<PCollection<T>, PDone> write(
      String bootstrapServers, String topic, SerializableFunction<T, String> key) {
    return new WriteJsonTopic<>(bootstrapServers, topic, key);
  }

  /** The JSON values of one topic, with event-time timestamps and watermark. */
  static class ReadJsonTopic extends PTransform<PBegin, PCollection<String>> {
    private final String bootstrapServers;
    private final String topic;
    private final Duration maxOutOfOrder;
    private final boolean idleFollowsClock;

    ReadJsonTopic(String bootstrapServers, String topic, Duration maxOutOfOrder, boolean idleFollowsClock) {
      this.bootstrapServers = bootstrapServers;
      this.topic = topic;
      this.maxOutOfOrder = maxOutOfOrder;
      this.idleFollowsClock = idleFollowsClock;
    }

    @Override
    public PCollection<String> expand(PBegin input) {
      return input
          .apply(
              "ReadKafka",
              KafkaIO.<String, String>read()
                  .withBootstrapServers(bootstrapServers)
                  .withTopic(topic)
                  .withKeyDeserializer(StringDeserializer.class)
                  .withValueDeserializer(StringDeserializer.class)
                  // A restart re-reads the topic; alert ids are stable, so nothing duplicates.
                  .withConsumerConfigUpdates(Map.of("auto.offset.reset", "earliest"))
                  .withTimestampPolicyFactory(
                      idleFollowsClock
                          ? (partition, previous) ->
                              new CustomTimestampPolicyWithLimitedDelay<String, String>(
                                  r -> new Instant(r.getTimestamp()), maxOutOfOrder, previous)
                          : (partition, previous) -> new EventTimePolicy<>(maxOutOfOrder, previous))
                  .withoutMetadata())
          .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), StringUtf8Coder.of()))
          .apply("Values", Values.create());
    }
  }

  /** Elements as JSON values on one topic, keyed by {@code key}. */
  static class WriteJsonTopic<T> extends PTransform<PCollection<T>, PDone> {
    private final String bootstrapServers;
    private final String topic;
    private final SerializableFunction<T, String> key;

    WriteJsonTopic(String bootstrapServers, String topic, SerializableFunction<T, String> key) {
      this.bootstrapServers = bootstrapServers;
      this.topic = topic;
      this.key = key;
    }

    @Override
    public PDone expand(PCollection<T> input) {
      return input
          .apply("EncodeJson", ParDo.of(new EncodeFn<>(key)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
          .apply(
              "WriteKafka",
              KafkaIO.<String, String>write()
                  .withBootstrapServers(bootstrapServers)
                  .withTopic(topic)
                  .withKeySerializer(StringSerializer.class)
                  .withValueSerializer(StringSerializer.class));
    }
  }

  static class EncodeFn<T> extends DoFn<T, KV<String, String>> {
    private final SerializableFunction<T, String> key;

    EncodeFn(SerializableFunction<T, String> key) {
      this.key = key;
    }

    @ProcessElement
    public void processElement(@Element T element, OutputReceiver<KV<String, String>> out) {
      out.output(KV.of(key.apply(element), EventJson.encode(element)));
    }
  }
}
