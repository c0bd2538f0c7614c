package io.truelift.pipelines.transforms;

import io.truelift.core.config.KafkaClientProperties;
import io.truelift.core.contracts.AlertMessage;
import io.truelift.core.contracts.EventJson;
import io.truelift.pipelines.PipelineMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
 * Drops alert messages (alerts and retractions) that the alerts topic already holds, exactly as
 * published (same key, same JSON). The streaming job re-reads its input from the earliest offset
 * when it starts again, rebuilds its state and so decides the same alerts (and retractions) again:
 * they carry the same ids and the same event-time figures, and this step keeps them off the topic
 * a second time. Every value once published under a key counts, not only the last: a replayed
 * alert that was later retracted must not go out again after its retraction. An alert whose
 * figures changed (a correction) still goes out.
 */
public class SuppressPublishedAlerts<T extends AlertMessage>
    extends PTransform<PCollection<T>, PCollection<T>> {
  private final HashMap<String, HashSet<String>> published;

  /** @param published alert id to the JSON values published under it */
  public SuppressPublishedAlerts(Map<String, ? extends Collection<String>> published) {
    this.published = copy(published);
  }

  @Override
  public PCollection<T> expand(PCollection<T> messages) {
    return messages
        .apply("DropPublishedAlerts", ParDo.of(new DropPublishedFn<T>(published)))
        .setCoder(messages.getCoder());
  }

  private static HashMap<String, HashSet<String>> copy(Map<String, ? extends Collection<String>> m) {
    HashMap<String, HashSet<String>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, new HashSet<>(v)));
    return out;
  }

  static class DropPublishedFn<T extends AlertMessage> extends DoFn<T, T> {
    private final HashMap<String, HashSet<String>> published;
    private final Counter suppressed = PipelineMetrics.counter(PipelineMetrics.ALERTS_ALREADY_PUBLISHED);

    DropPublishedFn(HashMap<String, HashSet<String>> published) {
      this.published = published;
    }

    @ProcessElement
    public void processElement(@Element T m, OutputReceiver<T> out) {
      Set<String> values = published.get(m.alertId());
      if (values != null && values.contains(EventJson.encode(m))) {
        suppressed.inc();
      } else {
        out.output(m);
      }
    }
  }

  /**
   * Every value published under each key of {@code topic}, read from the beginning to the end
   * offsets at the time of the call (an empty map for a topic that does not exist yet).
   */
  public static Map<String, Set<String>> readPublished(String bootstrapServers, String topic, Duration timeout) {
    Properties p = consumerConfig(bootstrapServers, timeout, KafkaClientProperties.fromEnvironment());
    Map<String, Set<String>> out = new HashMap<>();
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
            out.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.value());
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
