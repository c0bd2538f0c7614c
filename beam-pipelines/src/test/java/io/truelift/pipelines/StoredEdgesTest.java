package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.estimate.SubstitutionEdge;
import io.truelift.model.registry.ModelRegistry;
import io.truelift.model.registry.SubstitutionEdgeStore;
import io.truelift.pipelines.model.Baseline;
import io.truelift.pipelines.options.CannibalizationOptions;
import io.truelift.pipelines.training.TrainBaseline;
import io.truelift.sql.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production's path for substitution edges on H2: TrainBaseline learns them with the model from
 * its history and stores them under the model's id; the pipeline's baseline loads the set of the
 * model it uses, and the unit costs from {@code product}.
 */
class StoredEdgesTest {
  static final String MODEL = "edges-model";
  @TempDir static Path dir;
  static String url;

  /**
   * Two clean days, twelve hours of PIZZA-4CH at 2.5x its rate taking 35 % of the other pizzas'
   * sales, twelve clean hours: enough promoted hours for the pizzas to become LEARNED edges.
   */
  @BeforeAll
  static void train() throws Exception {
    Instant t = Fixtures.HISTORY_START;
    List<ShoppingEvent> history = new ArrayList<>();
    history.addAll(Fixtures.sales(t, Duration.ofDays(2), "none", null, 1, 1, 1));
    t = t.plus(Duration.ofDays(2));
    history.addAll(Fixtures.sales(t, Duration.ofHours(12), "PIZZA-4CH", "P-HIST", 2.5, 0.65, 2));
    history.addAll(Fixtures.sales(t.plus(Duration.ofHours(12)), Duration.ofHours(12), "none", null, 1, 1, 3));
    Path file = dir.resolve("history.jsonl");
    Files.write(file, history.stream().map(EventJson::encode).toList());
    url = "jdbc:h2:mem:edges" + UUID.randomUUID().toString().replace("-", "")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    Migrations.migrate(url, "sa", "");
    TrainBaseline.main(new String[] {
      "--history=" + file, "--registryUrl=" + url, "--artifactDir=" + dir.resolve("models"),
      "--activate=true", "--modelId=" + MODEL});
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      c.createStatement().execute(
          "INSERT INTO product VALUES ('PIZZA-4CH', 'Four cheese', 'FROZEN', 'FROZEN PIZZA', 500, 210)");
    }
  }

  static CannibalizationOptions options() {
    CannibalizationOptions o = PipelineOptionsFactory.create().as(CannibalizationOptions.class);
    o.setHistoryFile(dir.resolve("history.jsonl").toString());
    return o;
  }

  @Test
  void trainingStoresTheLearnedEdgesAndTheSubCategoryDefaultUnderTheModelsId() {
    var set = new SubstitutionEdgeStore(url, "sa", "").forModel(MODEL);
    assertThat(set.fallback()).isFalse();
    // Every ordered pair of the four pizzas, and FLOSS alone in its sub-category has none.
    assertThat(set.edges()).hasSize(12);
    assertThat(set.edges())
        .filteredOn(e -> e.source().equals(SubstitutionEdge.LEARNED))
        .extracting(SubstitutionEdge::sku, SubstitutionEdge::substituteSku)
        .contains(
            org.assertj.core.groups.Tuple.tuple("PIZZA-4CH", "PIZZA-PEP"),
            org.assertj.core.groups.Tuple.tuple("PIZZA-4CH", "PIZZA-SUP"),
            org.assertj.core.groups.Tuple.tuple("PIZZA-4CH", "PIZZA-PB"));
    // Only the promoted pizza was ever promoted: the others' edges keep the default.
    assertThat(set.edges())
        .filteredOn(e -> !e.sku().equals("PIZZA-4CH"))
        .extracting(SubstitutionEdge::source)
        .containsOnly(SubstitutionEdge.SUBCATEGORY);
  }

  @Test
  void theRegistryBaselineUsesTheActiveModelsLearnedDiversionsAndTheCatalogsUnitCosts() throws Exception {
    CannibalizationOptions o = options();
    o.setModelRegistryUrl(url);
    assertLoaded(CannibalizationPipeline.baseline(o));
  }

  @Test
  void aSavedModelWithADatabaseUsesItsOwnStoredEdgesToo() throws Exception {
    CannibalizationOptions o = options();
    o.setModelDir(dir.resolve("models").resolve(MODEL).toString());
    o.setJdbcUrl(url);
    assertLoaded(CannibalizationPipeline.baseline(o));
  }

  @Test
  void withoutADatabaseThereAreNoDiversionsAndCostsAreSixtyPercentOfThePrice() throws Exception {
    CannibalizationOptions o = options();
    o.setModelDir(dir.resolve("models").resolve(MODEL).toString());
    Baseline b = CannibalizationPipeline.baseline(o);
    assertThat(b.diversion("PIZZA-4CH", "PIZZA-PEP")).isEmpty();
    assertThat(b.unitCostCents("PIZZA-4CH")).isEqualTo(300.0);
  }

  @Test
  void aModelActivatedLaterBringsItsOwnEdgesWithoutARestart() throws Exception {
    String db = "jdbc:h2:mem:edges" + UUID.randomUUID().toString().replace("-", "")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    Migrations.migrate(db, "sa", "");
    for (String id : List.of("first", "second")) {
      TrainBaseline.main(new String[] {
        "--history=" + dir.resolve("history.jsonl"), "--registryUrl=" + db,
        "--artifactDir=" + dir.resolve("models-2"), "--activate=" + id.equals("first"), "--modelId=" + id});
    }
    // The candidate's set, made different from the first model's to tell them apart.
    new SubstitutionEdgeStore(db, "sa", "").replace(
        "second", List.of(new SubstitutionEdge("PIZZA-PEP", "PIZZA-4CH", 0.2, 0.77, 6, 20, "LEARNED")), Instant.now());
    CannibalizationOptions o = options();
    o.setModelRegistryUrl(db);
    o.setModelPollSeconds(1);
    Baseline b = CannibalizationPipeline.baseline(o);
    assertThat(b.diversion("PIZZA-4CH", "PIZZA-PEP")).isPresent();
    assertThat(b.diversion("PIZZA-PEP", "PIZZA-4CH")).isEmpty();

    new ModelRegistry(db, "sa", "").activate("second", "challenger won", Instant.now());
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!b.modelId().equals("second") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(b.modelId()).isEqualTo("second");
    assertThat(b.diversion("PIZZA-PEP", "PIZZA-4CH")).hasValue(0.77);
    assertThat(b.diversion("PIZZA-4CH", "PIZZA-PEP")).isEmpty();
    // A worker's copy (the baseline travels serialized) reads the set of the model it uses.
    Baseline copy = org.apache.beam.sdk.util.SerializableUtils.clone(b);
    assertThat(copy.diversion("PIZZA-PEP", "PIZZA-4CH")).hasValue(0.77);
  }

  private static void assertLoaded(Baseline b) {
    SubstitutionEdge stored =
        new SubstitutionEdgeStore(url, "sa", "").forModel(MODEL).edges().stream()
            .filter(e -> e.sku().equals("PIZZA-4CH") && e.substituteSku().equals("PIZZA-PEP"))
            .findFirst()
            .orElseThrow();
    assertThat(stored.zScore()).isGreaterThanOrEqualTo(3);
    assertThat(b.modelId()).isEqualTo(MODEL);
    assertThat(b.diversion("PIZZA-4CH", "PIZZA-PEP")).hasValue(stored.diversion());
    assertThat(b.diversion("PIZZA-PEP", "PIZZA-4CH")).isEmpty(); // SUBCATEGORY: no diversion
    assertThat(b.unitCostCents("PIZZA-4CH")).isEqualTo(210.0);
    assertThat(b.unitCostCents("FLOSS")).isEqualTo(300.0); // not in product: 60 % of 500
  }
}
