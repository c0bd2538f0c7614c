package io.truelift.pipelines.transforms;

import io.truelift.core.config.KafkaClientProperties;
import io.truelift.core.contracts.EventJson;
import java.util.HashMap;
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

/**
 * KafkaIO configured the TrueLift way: JSON strings in and out, event-time watermarks, and the
 * deployment's TLS/SASL settings ({@link KafkaClientProperties}) on every consumer and producer.
 * Those are read when the pipeline is built and travel inside it, so the workers need only the
 * files they name (a trust store), at the same path.
 */
public final class KafkaTopics {
  private KafkaTopics() {}

  /** Reads a topic's values from the earliest offset, timestamped by event time. */
  public static PTransform<PBegin, PCollection<String>> read(
      String bootstrapServers, String topic, Duration maxOutOfOrder) {
    return new ReadJsonTopic(bootstrapServers, topic, maxOutOfOrder, false, KafkaClientProperties.fromEnvironment());
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
    return new ReadJsonTopic(bootstrapServers, topic, maxOutOfOrder, true, KafkaClientProperties.fromEnvironment());
  }

  /** Writes each element as JSON with the given key. */
  public static <T> PTransform<PCollection<T>, PDone> write(
      String bootstrapServers, String topic, SerializableFunction<T, String> key) {
    return new WriteJsonTopic<>(bootstrapServers, topic, key, KafkaClientProperties.fromEnvironment());
  }

  /** The JSON values of one topic, with event-time timestamps and watermark. */
  static class ReadJsonTopic extends PTransform<PBegin, PCollection<String>> {
    private final String bootstrapServers;
    private final String topic;
    private final Duration maxOutOfOrder;
    private final boolean idleFollowsClock;
    private final HashMap<String, Object> clientProperties;

    ReadJsonTopic(
        String bootstrapServers,
        String topic,
        Duration maxOutOfOrder,
        boolean idleFollowsClock,
        Map<String, String> clientProperties) {
      this.bootstrapServers = bootstrapServers;
      this.topic = topic;
      this.maxOutOfOrder = maxOutOfOrder;
      this.idleFollowsClock = idleFollowsClock;
      this.clientProperties = new HashMap<>(clientProperties);
    }

    /** The KafkaIO read, its consumer configured with ours plus the client properties. */
    KafkaIO.Read<String, String> kafkaRead() {
      Map<String, Object> consumer = new HashMap<>(clientProperties);
      // A restart re-reads the topic; alert ids are stable, so nothing duplicates.
      consumer.put("auto.offset.reset", "earliest");
      Duration maxOutOfOrder = this.maxOutOfOrder; // the policy factories capture it, not this transform
      return KafkaIO.<String, String>read()
          .withBootstrapServers(bootstrapServers)
          .withTopic(topic)
          .withKeyDeserializer(StringDeserializer.class)
          .withValueDeserializer(StringDeserializer.class)
          .withConsumerConfigUpdates(consumer)
          .withTimestampPolicyFactory(
              idleFollowsClock
                  ? (partition, previous) ->
                      new CustomTimestampPolicyWithLimitedDelay<String, String>(
                          r -> new Instant(r.getTimestamp()), maxOutOfOrder, previous)
                  : (partition, previous) -> new EventTimePolicy<>(maxOutOfOrder, previous));
    }

    @Override
    public PCollection<String> expand(PBegin input) {
      return input
          .apply("ReadKafka", kafkaRead().withoutMetadata())
          .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), StringUtf8Coder.of()))
          .apply("Values", Values.create());
    }
  }

  /** Elements as JSON values on one topic, keyed by {@code key}. */
  static class WriteJsonTopic<T> extends PTransform<PCollection<T>, PDone> {
    private final String bootstrapServers;
    private final String topic;
    private final SerializableFunction<T, String> key;
    private final HashMap<String, Object> clientProperties;

    WriteJsonTopic(
        String bootstrapServers,
        String topic,
        SerializableFunction<T, String> key,
        Map<String, String> clientProperties) {
      this.bootstrapServers = bootstrapServers;
      this.topic = topic;
      this.key = key;
      this.clientProperties = new HashMap<>(clientProperties);
    }

    /** The KafkaIO write, its producer configured with the client properties. */
    KafkaIO.Write<String, String> kafkaWrite() {
      return KafkaIO.<String, String>write()
          .withBootstrapServers(bootstrapServers)
          .withTopic(topic)
          .withKeySerializer(StringSerializer.class)
          .withValueSerializer(StringSerializer.class)
          .withProducerConfigUpdates(new HashMap<>(clientProperties));
    }

    @Override
    public PDone expand(PCollection<T> input) {
      return input
          .apply("EncodeJson", ParDo.of(new EncodeFn<>(key)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
          .apply("WriteKafka", kafkaWrite());
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
