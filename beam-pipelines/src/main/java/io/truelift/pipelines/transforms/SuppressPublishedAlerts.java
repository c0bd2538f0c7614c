package io.truelift.pipelines.transforms;

import io.truelift.core.config.KafkaClientProperties;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.EventJson;
import io.truelift.pipelines.PipelineMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Drops alerts that the alerts topic already holds, exactly as published (same id, same JSON).
 * The streaming job re-reads its input from the earliest offset when it starts again, rebuilds
 * its state and so decides the same alerts again: they carry the same ids, and this step keeps
 * them off the topic a second time. An alert whose figures changed (a correction) still goes out.
 */
public class SuppressPublishedAlerts
    extends PTransform<PCollection<CannibalizationAlert>, PCollection<CannibalizationAlert>> {
  private final Map<String, String> published;

  /** @param published alert id to the JSON value last published under it */
  public SuppressPublishedAlerts(Map<String, String> published) {
    this.published = new HashMap<>(published);
  }

  @Override
  public PCollection<CannibalizationAlert> expand(PCollection<CannibalizationAlert> alerts) {
    return alerts
        .apply("DropPublishedAlerts", ParDo.of(new DropPublishedFn(published)))
        .setCoder(SerializableCoder.of(CannibalizationAlert.class));
  }

  static class DropPublishedFn extends DoFn<CannibalizationAlert, CannibalizationAlert> {
    private final HashMap<String, String> published;
    private final Counter suppressed = PipelineMetrics.counter(PipelineMetrics.ALERTS_ALREADY_PUBLISHED);

    DropPublishedFn(Map<String, String> published) {
      this.published = new HashMap<>(published);
    }

    @ProcessElement
    public void processElement(@Element CannibalizationAlert a, OutputReceiver<CannibalizationAlert> out) {
      if (EventJson.encode(a).equals(published.get(a.alertId()))) {
        suppressed.inc();
      } else {
        out.output(a);
      }
    }
  }

  /**
   * The last value published under each key of {@code topic}, read from the beginning to the end
   * offsets at the time of the call (an empty map for a topic that does not exist yet).
   */
  public static Map<String, String> readPublished(String bootstrapServers, String topic, Duration timeout) {
    Properties p = consumerConfig(bootstrapServers, timeout, KafkaClientProperties.fromEnvironment());
    Map<String, String> out = new HashMap<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, timeout).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      if (parts.isEmpty()) {
        return out;
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end within " + timeout);
        }
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          if (r.key() != null && r.value() != null) {
            out.put(r.key(), r.value());
          }
        }
      }
    }
    return out;
  }

  /** The reading consumer's settings: ours, plus {@code client} (TLS and SASL, when given). */
  static Properties consumerConfig(String bootstrapServers, Duration timeout, Map<String, String> client) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
    p.putAll(client);
    return p;
  }
}
