package io.truelift.core.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoissonCusumTest {

  private static long poisson(SplittableRandom r, double mean) {
    double limit = Math.exp(-mean), p = r.nextDouble();
    long n = 0;
    while (p > limit) {
      n++;
      p *= r.nextDouble();
    }
    return n;
  }

  /** Windows until the statistic crosses, or -1 within {@code max}. */
  private static int runLength(double baseline, double trueFactor, long seed, int max) {
    SplittableRandom r = new SplittableRandom(seed);
    PoissonCusum c = new PoissonCusum(0.15, 6);
    for (int i = 1; i <= max; i++) {
      c.update(poisson(r, baseline * trueFactor), baseline);
      if (c.exceeded()) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void rarelyAlarmsWithoutAShortfall() {
    int alarms = 0;
    for (long seed = 0; seed < 200; seed++) {
      if (runLength(1.5, 1.0, seed, 480) > 0) {
        alarms++;
      }
    }
    // 200 simulated 8-hour promotions with no cannibalization: a few percent at most.
    assertThat(alarms).isLessThanOrEqualTo(12);
  }

  @Test
  void detectsAMaterialShortfallWithinAnHourOrTwo() {
    int detected = 0;
    long totalDelay = 0;
    for (long seed = 0; seed < 100; seed++) {
      int n = runLength(2.5, 0.75, seed, 480);
      if (n > 0) {
        detected++;
        totalDelay += n;
      }
    }
    assertThat(detected).isGreaterThanOrEqualTo(98);
    assertThat(totalDelay / (double) detected).isLessThan(150);
  }

  @Test
  void neverGoesBelowZeroAndIgnoresSurplus() {
    PoissonCusum c = new PoissonCusum(0.15, 6);
    for (int i = 0; i < 100; i++) {
      c.update(10, 1.0);
    }
    assertThat(c.statistic()).isZero();
    c.update(0, 3.0);
    assertThat(c.statistic()).isEqualTo(0.45, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void rejectsBadParametersNamingThem() {
    assertThatThrownBy(() -> new PoissonCusum(1.5, 6)).hasMessage("materialLoss must be in (0, 1), got 1.5");
    assertThatThrownBy(() -> new PoissonCusum(0.1, 0)).hasMessage("threshold must be > 0, got 0.0");
    assertThatThrownBy(() -> new PoissonCusum(0.1, 1).update(-1, 1)).hasMessageContaining("observed must be >= 0");
  }
}
