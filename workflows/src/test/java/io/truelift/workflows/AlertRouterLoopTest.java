package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.InvalidEventException;
import io.truelift.workflows.router.AlertRouter;
import io.truelift.workflows.router.AlertRouterLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The consumer loop on Kafka's mock clients: commits after handling, dead letters, retries. */
class AlertRouterLoopTest {
  private static final String TOPIC = "cannibalization-alerts";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  /** Offsets committed, kept past close() (MockConsumer refuses to answer once closed). */
  private final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();

  private final MockConsumer<String, String> consumer =
      new MockConsumer<>(OffsetResetStrategy.EARLIEST) {
        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
          super.commitSync(offsets);
          offsets.forEach((tp, o) -> commits.put(tp, o.offset()));
        }
      };
  private final MockProducer<String, String> producer =
      new MockProducer<>(true, new StringSerializer(), new StringSerializer());

  private AlertRouterLoop loop(AlertRouterLoop.RouterFactory factory) {
    return new AlertRouterLoop(
        consumer, producer, TOPIC, "dead-letters", factory, Duration.ofMillis(5));
  }

  private void deliver(String... values) {
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(TP));
          consumer.updateBeginningOffsets(Map.of(TP, 0L));
          for (int i = 0; i < values.length; i++) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, null, values[i]));
          }
        });
  }

  private long committed() {
    return commits.getOrDefault(TP, -1L);
  }

  @Test
  void everyMessageIsRoutedThenCommittedAndInvalidOnesAreDeadLettered() {
    List<String> routed = new ArrayList<>();
    String valid = EventJson.encode(TestAlerts.alert("P-1"));
    deliver(valid, "not json", valid);
    AlertRouterLoop[] self = new AlertRouterLoop[1];
    consumer.schedulePollTask(() -> self[0].close());
    self[0] =
        loop(
            deadLetters ->
                json -> {
                  routed.add(json);
                  if (json.startsWith("not")) {
                    deadLetters.accept(
                        DeadLetter.of(
                            TOPIC,
                            AlertRouter.CONSUMER,
                            json,
                            new InvalidEventException("$", "payload is not valid JSON"),
                            Instant.EPOCH));
                    return AlertRouter.Outcome.INVALID;
                  }
                  return AlertRouter.Outcome.DELIVERED;
                });

    self[0].run();

    assertThat(routed).containsExactly(valid, "not json", valid);
    assertThat(committed()).isEqualTo(3);
    assertThat(producer.history())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo("dead-letters");
              DeadLetter d = EventJson.decode(r.value(), DeadLetter.class);
              assertThat(d.rawPayload()).isEqualTo("not json");
              assertThat(d.sourceTopic()).isEqualTo(TOPIC);
            });
    assertThat(consumer.closed()).isTrue();
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void aTemporalOutageIsRetriedUntilTheMessageIsRoutedNeverSkipped() {
    AtomicInteger attempts = new AtomicInteger();
    deliver("alert-1", "alert-2");
    AlertRouterLoop[] self = new AlertRouterLoop[1];
    consumer.schedulePollTask(() -> self[0].close());
    List<String> routed = new ArrayList<>();
    self[0] =
        loop(
            deadLetters ->
                json -> {
                  if (json.equals("alert-1") && attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("UNAVAILABLE: temporal down");
                  }
                  routed.add(json);
                  return AlertRouter.Outcome.DELIVERED;
                });

    self[0].run();

    assertThat(attempts.get()).isEqualTo(3);
    assertThat(routed).containsExactly("alert-1", "alert-2");
    assertThat(committed()).isEqualTo(2);
  }

  @Test
  void closingDuringAnOutageLeavesTheMessageUncommitted() {
    deliver("alert-1");
    AlertRouterLoop[] self = new AlertRouterLoop[1];
    AtomicInteger attempts = new AtomicInteger();
    self[0] =
        loop(
            deadLetters ->
                json -> {
                  if (attempts.incrementAndGet() == 2) {
                    self[0].close(); // SIGTERM while Temporal is still down
                  }
                  throw new IllegalStateException("UNAVAILABLE: temporal down");
                });

    self[0].run();

    assertThat(attempts.get()).isEqualTo(2);
    assertThat(committed()).isEqualTo(-1); // read again on the next start
  }
}
