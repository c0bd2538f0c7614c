package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.testing.TestWorkflowEnvironment;
import io.truelift.workflows.alert.AlertSearchAttributes;
import io.truelift.workflows.alert.SearchAttributeRegistrar;
import io.truelift.workflows.retraining.TrainingSettings;
import io.truelift.workflows.retraining.UnconfiguredTrainer;
import io.truelift.workflows.retraining.XgboostBaselineTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's configuration and its start-up registration of the search attributes. */
class TrueLiftWorkerTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    TrueLiftWorker.Settings s = TrueLiftWorker.Settings.from(Map.of());
    assertThat(s.measurementWaitSeconds()).isEqualTo(7 * 24 * 3600);
    assertThat(s.effectiveness().window()).isEqualTo(Duration.ofDays(7));
    assertThat(s.effectiveness().bucket()).isEqualTo(Duration.ofHours(1));
    assertThat(s.effectiveness().minBucketsPerPeriod()).isEqualTo(12);
    assertThat(s.gemini()).isEmpty();
    assertThat(s.searchAttributes()).isTrue();
    assertThat(s.retrainingCron()).isEqualTo("0 2 * * *");
    assertThat(s.retraining().trainingDays()).isEqualTo(28);
    assertThat(s.retraining().heldOutDays()).isEqualTo(7);
    assertThat(s.retraining().minRelativeImprovement()).isEqualTo(0.01);
    assertThat(s.lifecycle(false).analyst()).isEqualTo("deterministic");
    assertThat(s.training()).isEmpty(); // no TRUELIFT_MODEL_DIR: the UnconfiguredTrainer
  }

  @Test
  void trainingSettingsComeFromTheEnvironment() {
    TrainingSettings t =
        TrueLiftWorker.Settings.from(
                Map.of(
                    "TRUELIFT_MODEL_DIR", "/var/truelift/models",
                    "TRUELIFT_TRAINING_HISTORY", "/data/history.jsonl",
                    "TRUELIFT_TRAINING_CLOCK", "data",
                    "TRUELIFT_TRAINING_MIN_HOURS", "72",
                    "TRUELIFT_TRAINING_MIN_HELDOUT_HOURS", "12"))
            .training()
            .orElseThrow();
    assertThat(t.modelDir()).isEqualTo(Path.of("/var/truelift/models"));
    assertThat(t.historyFile()).isEqualTo(Path.of("/data/history.jsonl"));
    assertThat(t.clock()).isEqualTo(TrainingSettings.Clock.DATA);
    assertThat(t.minTrainingHours()).isEqualTo(72);
    assertThat(t.minHeldOutHours()).isEqualTo(12);
    TrainingSettings defaults =
        TrainingSettings.fromEnvironment(Map.of("TRUELIFT_MODEL_DIR", "models")).orElseThrow();
    assertThat(defaults.historyFile()).isNull();
    assertThat(defaults.clock()).isEqualTo(TrainingSettings.Clock.WALL);
    assertThat(defaults.minTrainingHours()).isEqualTo(168);
    assertThat(defaults.minHeldOutHours()).isEqualTo(24);
  }

  @Test
  void badTrainingSettingsNameTheVariableAndTheValue(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(
            () -> TrainingSettings.fromEnvironment(Map.of("TRUELIFT_MODEL_DIR", file.toString())))
        .hasMessage("TRUELIFT_MODEL_DIR must be a directory, got \"" + file + "\" (a file)");
    assertThatThrownBy(
            () ->
                TrainingSettings.fromEnvironment(
                    Map.of("TRUELIFT_MODEL_DIR", "m", "TRUELIFT_TRAINING_CLOCK", "sim")))
        .hasMessage("TRUELIFT_TRAINING_CLOCK must be wall or data, got \"sim\"");
    assertThatThrownBy(
            () ->
                TrainingSettings.fromEnvironment(
                    Map.of("TRUELIFT_MODEL_DIR", "m", "TRUELIFT_TRAINING_MIN_HOURS", "1")))
        .hasMessage("TRUELIFT_TRAINING_MIN_HOURS must be a whole number of hours >= 2, got \"1\"");
    assertThatThrownBy(
            () ->
                TrainingSettings.fromEnvironment(
                    Map.of("TRUELIFT_MODEL_DIR", "m", "TRUELIFT_TRAINING_HISTORY", dir.toString())))
        .hasMessage(
            "TRUELIFT_TRAINING_HISTORY must be a JSONL file of shopping events, got \""
                + dir
                + "\" (not a file)");
    assertThatThrownBy(
            () -> TrainingSettings.fromEnvironment(Map.of("TRUELIFT_TRAINING_HISTORY", "h.jsonl")))
        .hasMessageStartingWith(
            "TRUELIFT_TRAINING_HISTORY is set (\"h.jsonl\") but TRUELIFT_MODEL_DIR is not");
  }

  @Test
  void theWorkerTrainsWithXgboostOnlyWithAModelDirectory(@TempDir Path dir) throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database("h2");
    assertThat(TrueLiftWorker.trainer(Optional.empty(), jdbi)).isInstanceOf(UnconfiguredTrainer.class);
    Path models = dir.resolve("models/created");
    assertThat(
            TrueLiftWorker.trainer(
                TrainingSettings.fromEnvironment(Map.of("TRUELIFT_MODEL_DIR", models.toString())),
                jdbi))
        .isInstanceOf(XgboostBaselineTrainer.class);
    assertThat(models).isDirectory();
  }

  @Test
  void environmentOverridesEverySetting() {
    TrueLiftWorker.Settings s =
        TrueLiftWorker.Settings.from(
            Map.ofEntries(
                Map.entry("TRUELIFT_MEASUREMENT_WAIT_SECONDS", "60"),
                Map.entry("TRUELIFT_EFFECT_WINDOW_SECONDS", "600"),
                Map.entry("TRUELIFT_EFFECT_BUCKET_SECONDS", "60"),
                Map.entry("TRUELIFT_EFFECT_MIN_BUCKETS", "4"),
                Map.entry("GEMINI_API_KEY", "k"),
                Map.entry("TRUELIFT_GEMINI_MODEL", "gemini-2.5-pro"),
                Map.entry("TRUELIFT_GEMINI_MAX_ATTEMPTS", "5"),
                Map.entry("TRUELIFT_SEARCH_ATTRIBUTES", "off"),
                Map.entry("TRUELIFT_RETRAINING_CRON", "30 3 * * *"),
                Map.entry("TRUELIFT_RETRAINING_MIN_IMPROVEMENT", "0.05")));
    assertThat(s.measurementWaitSeconds()).isEqualTo(60);
    assertThat(s.effectiveness().window()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.effectiveness().minBucketsPerPeriod()).isEqualTo(4);
    assertThat(s.searchAttributes()).isFalse();
    assertThat(s.lifecycle(false).analyst()).isEqualTo("gemini:gemini-2.5-pro");
    assertThat(s.lifecycle(false).analysisMaxAttempts()).isEqualTo(5);
    assertThat(s.retrainingCron()).isEqualTo("30 3 * * *");
    assertThat(s.retraining().minRelativeImprovement()).isEqualTo(0.05);
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> TrueLiftWorker.Settings.from(Map.of("TRUELIFT_SEARCH_ATTRIBUTES", "yes")))
        .hasMessage("TRUELIFT_SEARCH_ATTRIBUTES must be register or off, got \"yes\"");
    assertThatThrownBy(
            () -> TrueLiftWorker.Settings.from(Map.of("TRUELIFT_RETRAINING_MIN_IMPROVEMENT", "5%")))
        .hasMessageContaining("TRUELIFT_RETRAINING_MIN_IMPROVEMENT must be a fraction");
    assertThatThrownBy(() -> TrueLiftWorker.Settings.from(Map.of("TRUELIFT_EFFECT_MIN_BUCKETS", "1")))
        .hasMessageContaining("minBucketsPerPeriod must be >= 2, got 1");
  }

  @Test
  void searchAttributesRegisterOnTheTestServerAndAgainAfterARestart() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      env.start();
      assertThat(
              SearchAttributeRegistrar.register(
                  env.getOperatorServiceStubs(), env.getNamespace(), Duration.ofSeconds(5)))
          .isTrue();
      // A restarted worker finds them registered (ALREADY_EXISTS) and carries on.
      assertThat(
              SearchAttributeRegistrar.register(
                  env.getOperatorServiceStubs(), env.getNamespace(), Duration.ofSeconds(5)))
          .isTrue();
      assertThat(AlertSearchAttributes.ALL).hasSize(5);
    }
  }
}
