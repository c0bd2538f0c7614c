package io.truelift.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.truelift.model.estimate.SubstitutionEdge;
import io.truelift.model.registry.ActiveModelProvider;
import io.truelift.model.registry.ModelRegistry;
import io.truelift.model.registry.ModelVersion;
import io.truelift.model.registry.SubstitutionEdgeStore;
import io.truelift.sql.Migrations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
  String url;
  ModelRegistry registry;

  @BeforeEach
  void database() {
    url = "jdbc:h2:mem:reg" + UUID.randomUUID().toString().replace("-", "")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    Migrations.migrate(url, "sa", "");
    registry = new ModelRegistry(url, "sa", "");
  }

  static BaselineModel copyOf(BaselineModel m, String id) {
    BaselineModel.Descriptor d = m.descriptor();
    return new BaselineModel(
        new BaselineModel.Descriptor(id, d.kind(), d.trainedFrom(), d.trainedTo(), d.config(), d.rounds(), d.spec(), d.calibration(), d.metrics()),
        m.artifact());
  }

  @Test
  void activatingAVersionRetiresThePreviousAndTheProviderPicksItUpWithoutRestart(@TempDir Path dir)
      throws Exception {
    if (TrainerTest.trained == null) {
      TrainerTest.train();
    }
    BaselineModel first = copyOf(TrainerTest.trained.model(), "m-1");
    BaselineModel second = copyOf(TrainerTest.trained.model(), "m-2");
    Instant t = Instant.parse("2026-01-05T00:00:00Z");
    ModelVersion v1 = registry.register(first, dir, t);
    assertThat(v1.status()).isEqualTo("CANDIDATE");
    assertThat(v1.features()).contains("siblingsPromoted").contains("granularity=HOUR");
    registry.activate("m-1", "first model", t.plusSeconds(1));
    try (ActiveModelProvider provider = ActiveModelProvider.start(registry, Duration.ofMillis(100))) {
      assertThat(provider.current()).map(BaselineModel::modelId).contains("m-1");
      registry.register(second, dir, t.plusSeconds(2));
      registry.activate("m-2", "challenger won", t.plusSeconds(3));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!provider.current().map(BaselineModel::modelId).orElse("").equals("m-2")
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(provider.current()).map(BaselineModel::modelId).contains("m-2");
    }
    assertThat(registry.find("m-1")).map(ModelVersion::status).contains("RETIRED");
    assertThat(registry.all()).filteredOn(v -> v.status().equals("ACTIVE")).hasSize(1);
    assertThat(registry.find("m-2").orElseThrow().metricsJson()).contains("validationCleanWape");
  }

  @Test
  void activatingAnUnknownVersionFailsNamingIt() {
    assertThatThrownBy(() -> registry.activate("nope", "x", Instant.now()))
        .hasMessageContaining("\"nope\"");
  }

  @Test
  void edgesAreStoredPerModelAndARerunReplacesTheModelsSet() {
    SubstitutionEdgeStore store = new SubstitutionEdgeStore(url, "sa", "");
    Instant t = Instant.parse("2026-01-05T00:00:00Z");
    SubstitutionEdge learned = new SubstitutionEdge("A", "B", 0.3, 0.4, 5.1, 12, "LEARNED");
    SubstitutionEdge catalog = new SubstitutionEdge("A", "C", 1.0, 0, 0.2, 12, "SUBCATEGORY");
    store.replace("m-1", List.of(new SubstitutionEdge("A", "B", 1.0, 0, 0, 0, "SUBCATEGORY"), catalog), t);
    store.replace("m-1", List.of(learned), t.plusSeconds(1)); // the re-run's set, nothing else
    store.replace("m-2", List.of(catalog), t.plusSeconds(2));

    assertThat(store.forModel("m-1")).isEqualTo(new SubstitutionEdgeStore.EdgeSet("m-1", false, List.of(learned)));
    assertThat(store.forModel("m-2").edges()).containsExactly(catalog);
    // A model without a set of its own (trained before edges were stored) gets the newest one.
    assertThat(store.forModel("m-0")).isEqualTo(new SubstitutionEdgeStore.EdgeSet("m-2", true, List.of(catalog)));
    assertThat(store.all()).hasSize(2);
  }

  @Test
  void rejectedModelsEdgesAreNeitherAFallbackNorKept(@TempDir Path dir) {
    if (TrainerTest.trained == null) {
      TrainerTest.train();
    }
    SubstitutionEdgeStore store = new SubstitutionEdgeStore(url, "sa", "");
    Instant t = Instant.parse("2026-01-05T00:00:00Z");
    SubstitutionEdge e = new SubstitutionEdge("A", "B", 0.3, 0.4, 5.1, 12, "LEARNED");
    store.replace("m-1", List.of(e), t);
    registry.register(copyOf(TrainerTest.trained.model(), "m-2"), dir, t);
    store.replace("m-2", List.of(e), t.plusSeconds(1));
    registry.reject("m-2", "lost", t.plusSeconds(2));
    assertThat(store.forModel("m-0").modelId()).isEqualTo("m-1");
    store.replace("m-3", List.of(e), t.plusSeconds(3)); // the next write drops m-2's set
    assertThat(store.forModel("m-2").modelId()).isEqualTo("m-3");
    assertThat(store.all()).hasSize(2);
  }
}
