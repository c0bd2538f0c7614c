package io.truelift.pipelines.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.registry.ModelRegistry;
import io.truelift.model.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Helm chart's install hook runs: a first model on a fresh database, once. */
class TrainBaselineTest {
  @Test
  void theRegistryComesFromTheJdbcVariablesUnlessGiven() {
    Map<String, String> env =
        Map.of("TRUELIFT_JDBC_URL", "jdbc:postgresql://db/tl", "TRUELIFT_JDBC_USER", "tl", "TRUELIFT_JDBC_PASSWORD", "pw");
    assertThat(TrainBaseline.withEnvironmentDefaults(Map.of("history", "h"), env))
        .containsEntry("registryUrl", "jdbc:postgresql://db/tl")
        .containsEntry("registryUser", "tl")
        .containsEntry("registryPassword", "pw");
    assertThat(TrainBaseline.withEnvironmentDefaults(Map.of("registryUrl", "jdbc:h2:mem:x"), env))
        .containsEntry("registryUrl", "jdbc:h2:mem:x");
    assertThat(TrainBaseline.withEnvironmentDefaults(Map.of(), Map.of())).doesNotContainKey("registryUrl");
  }

  @Test
  void migratesTrainsAndActivatesAFirstModelAndOnlyOnce(@TempDir Path dir) throws Exception {
    Path history = dir.resolve("history.jsonl");
    Files.write(history, history().stream().map(EventJson::encode).toList());
    String url =
        "jdbc:h2:mem:trainbaseline" + UUID.randomUUID().toString().replace("-", "")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    Map<String, String> hook =
        Map.of(
            "history", history.toString(), "artifactDir", dir.resolve("models").toString(), "activate", "true",
            "migrate", "true", "ifNoActive", "true", "registryUrl", url);

    TrainBaseline.run(hook); // a fresh database: no schema yet
    ModelRegistry registry = new ModelRegistry(url, "sa", "");
    ModelVersion first = registry.active().orElseThrow();
    assertThat(Files.exists(Path.of(java.net.URI.create(first.artifactUri())))).isTrue();

    TrainBaseline.run(hook); // an upgrade: the active (perhaps retrained) model stays
    assertThat(registry.all()).extracting(ModelVersion::modelId).containsExactly(first.modelId());
    assertThat(registry.active().orElseThrow().modelId()).isEqualTo(first.modelId());
  }

  /** Two weeks of hourly sales of a few products with a daily cycle. */
  private static List<ShoppingEvent> history() {
    List<ShoppingEvent> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(7);
    Instant start = Instant.parse("2025-12-01T00:00:00Z");
    long n = 0;
    for (Instant h = start; h.isBefore(start.plus(Duration.ofDays(14))); h = h.plusSeconds(3600)) {
      int hour = (int) ((h.getEpochSecond() / 3600) % 24);
      for (String sku : List.of("A", "B", "C")) {
        int sales = (hour >= 8 && hour < 20 ? 4 : 1) + r.nextInt(3);
        for (int i = 0; i < sales; i++) {
          out.add(
              new ShoppingEvent(
                  ShoppingEvent.VERSION, "e" + n++, h.plusSeconds(60L * i), "store-1", sku, "food", "pizza",
                  1, 500, 500, null));
        }
      }
    }
    return out;
  }
}
