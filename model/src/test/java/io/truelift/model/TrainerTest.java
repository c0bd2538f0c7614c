package io.truelift.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  static SalesHistory history;
  static Trainer.TrainedModel trained;

  @BeforeAll
  static void train() {
    history = SalesHistory.of(Granularity.HOUR, Synthetic.history(42, 1));
    trained = Trainer.train(history, TrainingConfig.defaults(Granularity.HOUR), "test-model");
  }

  /** The next promoted day after the history, scored from the history's past. */
  static List<Observation> futurePromotion() {
    List<Observation> rows = new ArrayList<>();
    Instant day = Synthetic.START.plusSeconds(3600L * 24 * 43); // day 43: odd, promoted
    for (int h = 10; h < 14; h++) {
      Instant t = day.plusSeconds(3600L * h);
      for (int s = 0; s < 3; s++) {
        boolean own = s == 0;
        rows.add(new Observation(Synthetic.SKUS[s], "*", "CAT", "SUB", t, 0, own ? 70 : 100, 100, 60, own, false, false));
      }
    }
    return rows;
  }

  @Test
  void baselineOnCleanHeldOutHoursIsAccurate() {
    // Poisson noise alone at these rates gives a WAPE of about 0.15.
    assertThat(trained.metrics().validationCleanWape()).isLessThan(0.22);
    assertThat(trained.metrics().validationRows()).isGreaterThan(500);
  }

  @Test
  void maskingThePromotionGivesTheCounterfactualAndUnmaskingTheLift() {
    List<Observation> rows = futurePromotion();
    SalesHistory context = history.with(rows);
    double[] observed = trained.model().predict(context, rows, PromotionMask.NONE);
    double[] counterfactual = trained.model().predict(context, rows, PromotionMask.ALL);
    double a = 0, a0 = 0, b = 0, b0 = 0, trueA0 = 0, trueB0 = 0;
    for (int i = 0; i < rows.size(); i++) {
      Observation o = rows.get(i);
      double m0 = Synthetic.mean(o.sku().equals("A") ? 0 : o.sku().equals("B") ? 1 : 2, o.bucketStart(), false);
      if (o.sku().equals("A")) {
        a += observed[i];
        a0 += counterfactual[i];
        trueA0 += m0;
      } else {
        b += observed[i];
        b0 += counterfactual[i];
        trueB0 += m0;
      }
    }
    assertThat(a0).isCloseTo(trueA0, within(0.12 * trueA0));
    assertThat(b0).isCloseTo(trueB0, within(0.12 * trueB0));
    assertThat(a / a0).isCloseTo(2.0, within(0.35));
    assertThat(b / b0).isCloseTo(0.7, within(0.12));
  }

  @Test
  void calibrationIsFittedFromHeldOutResiduals() {
    Calibration c = trained.model().calibration();
    // Units are Poisson here: dispersion near 1 and a small relative model error.
    assertThat(c.dispersion()).isBetween(0.5, 2.0);
    assertThat(c.relativeError()).isLessThan(0.15);
    assertThat(c.sumQuantile()).isBetween(1.2, 2.5);
    assertThat(trained.metrics().validationCoverage90()).isBetween(0.85, 0.97);
  }

  @Test
  void savedModelScoresExactlyAsTrained(@TempDir Path dir) {
    trained.model().save(dir);
    BaselineModel loaded = BaselineModel.load(dir.resolve("model.ubj"));
    List<Observation> rows = futurePromotion();
    assertThat(loaded.predict(history, rows, PromotionMask.ALL))
        .containsExactly(trained.model().predict(history, rows, PromotionMask.ALL));
    assertThat(loaded.modelId()).isEqualTo("test-model");
    assertThat(loaded.spec().granularity()).isEqualTo(Granularity.HOUR);
  }

  @Test
  void tooShortHistoryIsRejectedWithItsRange() {
    SalesHistory tiny = SalesHistory.of(Granularity.HOUR, Synthetic.history(1, 2).subList(0, 3));
    assertThatThrownBy(() -> Trainer.train(tiny, TrainingConfig.defaults(Granularity.HOUR)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void duplicateRowsAreRejectedNamingTheSeries() {
    Observation o = Synthetic.history(1, 3).get(0);
    assertThatThrownBy(() -> SalesHistory.of(Granularity.HOUR, List.of(o, o)))
        .hasMessageContaining("sku A, store *");
  }
}
