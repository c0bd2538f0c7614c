package io.truelift.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluation battery (every scenario but "concurrent", whose simulator truth is a different
 * quantity, see the report) against the simulator's ground truth. Where the target is met
 * the test holds it; where it is not met yet (alert precision, recall, false alarms) it holds the
 * level measured when this test was written, so a regression fails, and says so.
 */
class EvaluationIT {
  @Test
  void batteryMeetsTheAccuracyTargetsAndHoldsTheDetectionLevels() throws Exception {
    EvaluateMain.Options o =
        new EvaluateMain.Options(Path.of("target/evaluation-it"), Battery.Size.FULL, 42, 100,
            List.of("strong", "weak", "zero", "expansion", "seasonality", "sparse", "dense", "noise"));
    EvaluateMain.Report r = EvaluateMain.run(o);
    EvaluateMain.write(r);
    Summary s = r.overall();
    assertThat(s.materialVolumeOk()).isGreaterThan(300);
    // The targets, met.
    assertThat(Math.abs(s.cannibalizedBias())).as("|bias| of cannibalized units").isLessThanOrEqualTo(0.10);
    assertThat(s.cannibalizedMape()).as("MAPE of cannibalized units").isLessThanOrEqualTo(0.20);
    assertThat(s.cannibalizedCoverage90()).as("90%% coverage of cannibalized units").isBetween(0.85, 0.95);
    // Not met (issue: precision >= 0.95, recall >= 0.90, <= 1 false alarm per 100): measured
    // 0.93, 0.87 and 9.7 per 100 with seed 42; these floors catch a regression.
    assertThat(s.precision()).as("alert precision (issue target 0.95 not met)").isGreaterThanOrEqualTo(0.88);
    assertThat(s.recall()).as("alert recall (issue target 0.90 not met)").isGreaterThanOrEqualTo(0.82);
    assertThat(s.falseAlarmsPer100()).as("false alarms per 100 (issue target 1 not met)").isLessThanOrEqualTo(14);
  }
}
