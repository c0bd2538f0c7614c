package io.truelift.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole evaluation battery against the simulator's attributed ground truth. Without the
 * concurrent scenario it is held to the targets as the report judges them: precision and
 * recall outside the +-20% indifference band around the materiality line, false alarms on
 * promotions without cannibalization; the strict figures (no band) and the concurrent scenario
 * (whose intervals lack the allocation's error, see the report) are held at the level measured
 * when this test was written, so a regression fails.
 */
class EvaluationIT {
  @Test
  void batteryMeetsTheAccuracyAndDetectionTargets() throws Exception {
    EvaluateMain.Options o =
        new EvaluateMain.Options(Path.of("target/evaluation-it"), Battery.Size.FULL, 42, 100,
            List.of("strong", "weak", "zero", "expansion", "concurrent", "seasonality", "sparse", "dense", "noise"));
    EvaluateMain.Report r = EvaluateMain.run(o);
    EvaluateMain.write(r);
    Summary s = r.summaries().stream().filter(x -> x.name().equals("ALL except concurrent")).findFirst().orElseThrow();
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

    // Concurrent promotions, measured C bias +5.1%, MAPE 35%, coverage 50%, band recall 0.84,
    // band precision 1.0, no false alarm: floors, with the coverage gap named in the report.
    Summary c = r.summaries().stream().filter(x -> x.name().equals("concurrent")).findFirst().orElseThrow();
    assertThat(Math.abs(c.cannibalizedBias())).as("concurrent |bias|").isLessThanOrEqualTo(0.10);
    assertThat(c.cannibalizedMape()).as("concurrent MAPE").isLessThanOrEqualTo(0.40);
    assertThat(c.cannibalizedCoverage90()).as("concurrent coverage").isGreaterThanOrEqualTo(0.45);
    assertThat(c.bandPrecision()).as("concurrent precision").isGreaterThanOrEqualTo(0.95);
    assertThat(c.bandRecall()).as("concurrent recall").isGreaterThanOrEqualTo(0.80);
    assertThat(c.falseAlarmsPer100WithoutAnyCannibalization()).isLessThanOrEqualTo(1.0);
  }
}
