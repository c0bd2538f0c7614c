package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.truelift.workflows.retraining.BaselineTrainer.DataRange;
import io.truelift.workflows.retraining.BaselineTrainer.Evaluation;
import io.truelift.workflows.retraining.BaselineTrainer.RegisteredModel;
import io.truelift.workflows.retraining.BaselineTrainer.TrainedModel;
import io.truelift.workflows.retraining.InsufficientDataException;
import io.truelift.workflows.retraining.TrainingSettings;
import io.truelift.workflows.retraining.XgboostBaselineTrainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's choice of data and its refusals, on H2: the history file when {@code
 * windowed_sales} has too little, ranges moved to the file's own (simulated) clock, and
 * insufficient data in the training or the held-out range named with the numbers and variables.
 */
class XgboostBaselineTrainerTest {
  /** The wall clock of these tests; the history file is the simulator's: December 2025. */
  static final Instant NOW = Instant.parse("2026-12-04T16:30:00Z");

  static final Instant FILE_END = Instant.parse("2026-01-05T09:00:00Z");

  @TempDir Path dir;

  private static DataRange days(int fromDaysAgo, int toDaysAgo) {
    return new DataRange(
        NOW.minus(Duration.ofDays(fromDaysAgo)), NOW.minus(Duration.ofDays(toDaysAgo)));
  }

  private XgboostBaselineTrainer trainer(Jdbi jdbi, Path history, TrainingSettings.Clock clock) {
    return new XgboostBaselineTrainer(
        jdbi,
        new TrainingSettings(dir.resolve("models"), history, clock, 168, 24),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Path historyFile() throws Exception {
    return SalesFixture.generate(FILE_END.minus(Duration.ofDays(35)), FILE_END, 11)
        .writeJsonl(dir.resolve("history.jsonl"));
  }

  @Test
  void historyFileTrainsWhenWindowedSalesHasTooLittleAndTheDataClockMovesTheRanges()
      throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database("h2");
    // Six hours of the stream: far from the 168 hours a training range needs.
    SalesFixture.generate(NOW.minus(Duration.ofHours(6)), NOW, 3).writeTo(jdbi);
    XgboostBaselineTrainer trainer = trainer(jdbi, historyFile(), TrainingSettings.Clock.DATA);

    TrainedModel m = trainer.train("baseline-file", days(35, 7));

    assertThat(m.trainingData().source()).isEqualTo("file");
    // The ranges end at the file's last hour instead of now (rounded to whole hours).
    assertThat(
            Duration.between(m.trainingData().to(), FILE_END.minus(Duration.ofDays(7))).toMinutes())
        .isBetween(0L, 60L);
    // The file starts at 09:00: the range's first hour (08:00 moved back) is not in it.
    assertThat(m.trainingData().from()).isEqualTo(FILE_END.minus(Duration.ofDays(35)));
    assertThat(m.trainingData().description())
        .startsWith("history file ")
        .endsWith(
            "history.jsonl 2025-12-01T09:00:00Z..2025-12-29T08:00:00Z (data clock: the workflow's"
                + " range moved back by 333 d 8 h): 3355 rows, 671 hours with sales");
    assertThat(m.artifactUri()).startsWith("file:").endsWith("/baseline-file/model.ubj");
    assertThat(dir.resolve("models/baseline-file/model.ubj")).exists();
    assertThat(dir.resolve("models/baseline-file/training-data.json")).exists();
    assertThat(m.trainingMetrics()).containsKeys("trainSeconds", "validationCleanWape");

    // Evaluation reads the held-out week from the same file, on the same clock.
    Evaluation alone = trainer.evaluate(m, null, days(7, 0));
    assertThat(alone.metric()).isEqualTo("clean_wape");
    assertThat(alone.lowerIsBetter()).isTrue();
    assertThat(alone.activeScore()).isNull();
    assertThat(alone.heldOutRows()).isGreaterThan(500);
    assertThat(alone.candidateScore()).isBetween(0.05, 0.6);
    assertThat(alone.data()).startsWith("held out history file ");
    // Scored against itself as the active model: the same rows through the same feature code.
    Evaluation self =
        trainer.evaluate(m, new RegisteredModel("baseline-file", m.artifactUri()), days(7, 0));
    assertThat(self.activeScore()).isEqualTo(self.candidateScore());
    assertThat(self.data()).doesNotContain("into the held-out range");
    // An active model trained on the whole file has seen the held-out week: the record says so.
    TrainedModel whole = trainer.train("baseline-whole-file", days(35, 0));
    Evaluation inSample =
        trainer.evaluate(
            m, new RegisteredModel("baseline-whole-file", whole.artifactUri()), days(7, 0));
    assertThat(inSample.data())
        .endsWith(
            "; the active model's training data reach 2026-01-05T07:00:00Z, into the held-out"
                + " range");
  }

  @Test
  void onTheWallClockAnOldHistoryIsNotEnoughAndTheReasonSaysWhatToSet() throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database("h2");
    XgboostBaselineTrainer trainer = trainer(jdbi, historyFile(), TrainingSettings.Clock.WALL);
    assertThatThrownBy(() -> trainer.train("baseline-wall", days(35, 7)))
        .isInstanceOf(InsufficientDataException.class)
        .hasMessageStartingWith(
            "not enough sales history to train a challenger on"
                + " 2026-10-30T16:30:00Z..2026-11-27T16:30:00Z: need 168 hours with sales"
                + " (TRUELIFT_TRAINING_MIN_HOURS); windowed_sales (all-stores rows) has no sales;"
                + " history file ")
        .hasMessageContaining(
            "has 0 hours with sales in 2026-10-30T16:00:00Z..2026-11-27T16:00:00Z")
        .hasMessageContaining(
            "its data ends 2026-01-05T09:00:00Z, before the range: a simulated or replayed history"
                + " needs TRUELIFT_TRAINING_CLOCK=data");
    assertThat(dir.resolve("models/baseline-wall")).doesNotExist();
  }

  @Test
  void withoutAHistoryFileTooLittleStreamIsNotEnough() throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database("h2");
    SalesFixture.generate(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(5)), 3)
        .writeTo(jdbi);
    // A product the catalog does not know, and a store's own row: neither is read.
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO windowed_sales (sku, store_id, window_start, window_end, units,"
                    + " revenue_cents, updated_at) VALUES ('GHOST', '*', TIMESTAMP WITH TIME ZONE"
                    + " '2026-11-20 10:00:00+00', TIMESTAMP WITH TIME ZONE '2026-11-20 10:30:00+00',"
                    + " 3, 900, CURRENT_TIMESTAMP), ('PIZZA-A', 'S1', TIMESTAMP WITH TIME ZONE"
                    + " '2026-11-02 10:00:00+00', TIMESTAMP WITH TIME ZONE '2026-11-02 10:30:00+00',"
                    + " 3, 900, CURRENT_TIMESTAMP)"));
    XgboostBaselineTrainer trainer = trainer(jdbi, null, TrainingSettings.Clock.WALL);
    assertThatThrownBy(() -> trainer.train("baseline-db", days(35, 7)))
        .isInstanceOf(InsufficientDataException.class)
        .hasMessageContaining(
            "windowed_sales (all-stores rows) has 72 hours with sales in"
                + " 2026-10-30T16:00:00Z..2026-11-27T16:00:00Z (left out: 1 windows of products in"
                + " neither product nor the history file [GHOST])")
        .hasMessageEndingWith("; no TRUELIFT_TRAINING_HISTORY to fall back on");
  }

  @Test
  void tooFewHeldOutHoursAreNotEnoughToCompare() throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database("h2");
    // Two weeks of stream that stopped at 04:00 six days ago: 12 hours in the held-out week.
    SalesFixture.generate(NOW.minus(Duration.ofDays(21)), Instant.parse("2026-11-28T04:00:00Z"), 3)
        .writeTo(jdbi);
    XgboostBaselineTrainer trainer = trainer(jdbi, null, TrainingSettings.Clock.WALL);
    TrainedModel m = trainer.train("baseline-stale", days(21, 7));
    assertThat(m.trainingData().source()).isEqualTo("database");
    assertThatThrownBy(() -> trainer.evaluate(m, null, days(7, 0)))
        .isInstanceOf(InsufficientDataException.class)
        .hasMessage(
            "not enough held-out sales to compare challenger baseline-stale with the active model:"
                + " windowed_sales (all-stores rows) has 12 hours with sales in"
                + " 2026-11-27T16:00:00Z..2026-12-04T16:00:00Z, need 24"
                + " (TRUELIFT_TRAINING_MIN_HELDOUT_HOURS)");
  }

  @Test
  void aModelIdThatIsNotADirectoryNameIsRefused() throws Exception {
    XgboostBaselineTrainer trainer =
        trainer(AlertActivitiesDbTest.database("h2"), null, TrainingSettings.Clock.WALL);
    assertThatThrownBy(() -> trainer.train("../escape", days(35, 7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got ../escape");
  }
}
