package io.truelift.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole evaluation battery against the simulator's attributed ground truth, held to the
 * issue's targets as the report judges them: accuracy and 90% coverage of cannibalized units,
 * precision and recall outside the +-20% indifference band around the materiality line, false
 * alarms on promotions without cannibalization. The strict figures (no band) are held at the
 * level measured when this test was written, so a regression fails.
 */
class EvaluationIT {
  @Test
  void batteryMeetsTheAccuracyAndDetectionTargets() throws Exception {
    EvaluateMain.Options o =
        new EvaluateMain.Options(Path.of("target/evaluation-it"), Battery.Size.FULL, 42, 100,
            List.of("strong", "weak", "zero", "expansion", "concurrent", "seasonality", "sparse", "dense", "noise"));
    EvaluateMain.Report r = EvaluateMain.run(o);
    EvaluateMain.write(r);
    Summary s = r.overall();
    assertThat(s.name()).isEqualTo("ALL");
    assertThat(s.materialVolumeOk()).isGreaterThan(500);
    assertThat(Math.abs(s.cannibalizedBias())).as("|bias| of cannibalized units").isLessThanOrEqualTo(0.10);
    assertThat(s.cannibalizedMape()).as("MAPE of cannibalized units").isLessThanOrEqualTo(0.20);
    assertThat(s.cannibalizedCoverage90()).as("90%% coverage of cannibalized units").isBetween(0.85, 0.95);
    assertThat(s.bandPrecision()).as("alert precision outside the band").isGreaterThanOrEqualTo(0.95);
    assertThat(s.bandRecall()).as("alert recall, clearly material").isGreaterThanOrEqualTo(0.90);
    assertThat(s.withoutAnyCannibalization()).isGreaterThan(100);
    assertThat(s.falseAlarmsPer100WithoutAnyCannibalization())
        .as("false alarms per 100 promotions without cannibalization")
        .isLessThanOrEqualTo(1.0);
    // Strict (no band), measured 0.946 / 0.877 / 8.0 per 100 with seed 42: floors against a regression.
    assertThat(s.precision()).as("strict alert precision").isGreaterThanOrEqualTo(0.90);
    assertThat(s.recall()).as("strict alert recall").isGreaterThanOrEqualTo(0.85);
    assertThat(s.falseAlarmsPer100()).as("strict false alarms per 100 without material cannibalization").isLessThanOrEqualTo(11);

    // Concurrent promotions on their own (measured: C bias +4.8%, MAPE 14%, coverage 85%).
    Summary c = r.summaries().stream().filter(x -> x.name().equals("concurrent")).findFirst().orElseThrow();
    assertThat(Math.abs(c.cannibalizedBias())).as("concurrent |bias|").isLessThanOrEqualTo(0.10);
    assertThat(c.cannibalizedMape()).as("concurrent MAPE").isLessThanOrEqualTo(0.20);
    assertThat(c.cannibalizedCoverage90()).as("concurrent coverage").isGreaterThanOrEqualTo(0.80);
  }
}
