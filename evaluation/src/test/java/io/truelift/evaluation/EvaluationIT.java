package io.truelift.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluation battery (every scenario but "concurrent", whose simulator truth is a different
 * quantity, see the report) against the simulator's ground truth, held to the targets as
 * the report judges them: precision and recall outside the +-20% indifference band around the
 * materiality line, false alarms on promotions without cannibalization. The strict figures (no
 * band) are held at the level measured when this test was written, so a regression fails.
 */
class EvaluationIT {
  @Test
  void batteryMeetsTheAccuracyAndDetectionTargets() throws Exception {
    EvaluateMain.Options o =
        new EvaluateMain.Options(Path.of("target/evaluation-it"), Battery.Size.FULL, 42, 100,
            List.of("strong", "weak", "zero", "expansion", "seasonality", "sparse", "dense", "noise"));
    EvaluateMain.Report r = EvaluateMain.run(o);
    EvaluateMain.write(r);
    Summary s = r.overall();
    assertThat(s.materialVolumeOk()).isGreaterThan(300);
    assertThat(Math.abs(s.cannibalizedBias())).as("|bias| of cannibalized units").isLessThanOrEqualTo(0.10);
    assertThat(s.cannibalizedMape()).as("MAPE of cannibalized units").isLessThanOrEqualTo(0.20);
    assertThat(s.cannibalizedCoverage90()).as("90%% coverage of cannibalized units").isBetween(0.85, 0.95);
    assertThat(s.bandPrecision()).as("alert precision outside the band").isGreaterThanOrEqualTo(0.95);
    assertThat(s.bandRecall()).as("alert recall, clearly material").isGreaterThanOrEqualTo(0.90);
    assertThat(s.withoutAnyCannibalization()).isGreaterThan(100);
    assertThat(s.falseAlarmsPer100WithoutAnyCannibalization())
        .as("false alarms per 100 promotions without cannibalization")
        .isLessThanOrEqualTo(1.0);
    // Strict (no band), measured 0.934 / 0.877 / 9.4 per 100 with seed 42: floors against a regression.
    assertThat(s.precision()).as("strict alert precision").isGreaterThanOrEqualTo(0.90);
    assertThat(s.recall()).as("strict alert recall").isGreaterThanOrEqualTo(0.85);
    assertThat(s.falseAlarmsPer100()).as("strict false alarms per 100 without material cannibalization").isLessThanOrEqualTo(12);
  }
}
