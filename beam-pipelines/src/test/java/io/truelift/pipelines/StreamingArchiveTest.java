package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.pipelines.transforms.ShoppingEventCoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming without BigQuery: the history goes to one local JSONL file per event-time hour. */
class StreamingArchiveTest {
  @Test
  void eachEventTimeHourIsWrittenOnceItsWatermarkPasses(@TempDir Path dir) throws Exception {
    List<ShoppingEvent> nine = new ArrayList<>(), ten = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nine.add(Fixtures.event("n-" + i, "PIZZA-PEP", Instant.parse("2026-01-05T09:1" + i + ":00Z"), 1, null));
    }
    for (int i = 0; i < 2; i++) {
      ten.add(Fixtures.event("t-" + i, "FLOSS", Instant.parse("2026-01-05T10:2" + i + ":00Z"), 1, null));
    }
    TestStream.Builder<ShoppingEvent> b = TestStream.create(ShoppingEventCoder.of());
    for (ShoppingEvent e : nine) {
      b = b.addElements(TimestampedValue.of(e, new org.joda.time.Instant(e.eventTime().toEpochMilli())));
    }
    b = b.advanceWatermarkTo(new org.joda.time.Instant(Instant.parse("2026-01-05T10:00:01Z").toEpochMilli()));
    for (ShoppingEvent e : ten) {
      b = b.addElements(TimestampedValue.of(e, new org.joda.time.Instant(e.eventTime().toEpochMilli())));
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    CannibalizationPipeline.archive(p.apply(b.advanceWatermarkToInfinity()), "ArchiveHistory", dir + "/history/shopping-events");
    p.run().waitUntilFinish();

    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("history"))) {
      files = s.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
    }
    assertThat(files).hasSize(2);
    assertThat(files.get(0).getFileName().toString()).contains("2026-01-05T09:00:00");
    assertThat(files.get(1).getFileName().toString()).contains("2026-01-05T10:00:00");
    assertThat(Files.readAllLines(files.get(0))).containsExactlyInAnyOrderElementsOf(nine.stream().map(EventJson::encode).toList());
    assertThat(Files.readAllLines(files.get(1))).containsExactlyInAnyOrderElementsOf(ten.stream().map(EventJson::encode).toList());
  }
}
