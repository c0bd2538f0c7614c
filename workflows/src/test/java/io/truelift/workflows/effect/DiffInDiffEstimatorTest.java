package io.truelift.workflows.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.truelift.workflows.effect.DiffInDiffEstimator.Bucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DiffInDiffEstimatorTest {
  private final DiffInDiffEstimator estimator = new DiffInDiffEstimator(6);

  /**
   * Treated margin ~1000 cents per bucket, control ~5000 (another size), both under the same
   * proportional daily seasonality, plus independent noise; after the action the treated group
   * gains {@code effect} cents per bucket.
   */
  static List<Bucket> simulate(Random rnd, int pre, int post, double effect, double noise) {
    List<Bucket> out = new ArrayList<>();
    for (int t = 0; t < pre + post; t++) {
      double season = 1 + 0.3 * Math.sin(2 * Math.PI * t / 24.0);
      boolean isPost = t >= pre;
      double treated = 1000 * season + (isPost ? effect : 0) + noise * rnd.nextGaussian();
      double control = 5000 * season + noise * rnd.nextGaussian();
      out.add(new Bucket(isPost, treated, control));
    }
    return out;
  }

  @Test
  void knownEffectIsRecoveredInsideItsInterval() {
    EffectEstimate e = estimator.estimate(simulate(new Random(1), 48, 48, 200, 40), 48);
    assertThat(e.outcome()).isEqualTo(EffectOutcome.EFFECTIVE);
    // 200 cents per bucket over 48 buckets: 9,600 cents.
    assertThat(e.estimateCents()).isCloseTo(9600, within(1200.0));
    assertThat(e.lowerCents()).isLessThan(9600).isPositive();
    assertThat(e.upperCents()).isGreaterThan(9600);
    assertThat(e.score()).isEqualTo(100);
    assertThat(e.preBuckets()).isEqualTo(48);
    assertThat(e.postBuckets()).isEqualTo(48);
  }

  @Test
  void proportionalSeasonalityOfALargerControlIsNettedOut() {
    // No noise but seasonality: a level (unscaled) DiD would report the control's swing.
    List<Bucket> b = simulate(new Random(2), 30, 30, 0, 1e-6);
    EffectEstimate e = estimator.estimate(b, 30);
    assertThat(e.estimateCents()).isCloseTo(0, within(1e-3));
  }

  @Test
  void intervalsCoverTheTruthAboutNinetyFivePercentOfTheTime() {
    Random rnd = new Random(42);
    int covered = 0;
    int reps = 400;
    double scoreSum = 0;
    for (int i = 0; i < reps; i++) {
      EffectEstimate e = estimator.estimate(simulate(rnd, 36, 36, 0, 60), 36);
      if (e.lowerCents() <= 0 && e.upperCents() >= 0) {
        covered++;
      }
      scoreSum += e.score();
    }
    // Binomial(400, 0.95) has sd 1.1%: 91-98% is a wide but failing-capable band.
    assertThat(covered / (double) reps).isBetween(0.91, 0.98);
    // With no effect, the probability-of-benefit score averages near 50.
    assertThat(scoreSum / reps).isBetween(44.0, 56.0);
  }

  @Test
  void harmfulActionIsIneffectiveWithALowScore() {
    EffectEstimate e = estimator.estimate(simulate(new Random(3), 24, 24, -300, 40), 24);
    assertThat(e.outcome()).isEqualTo(EffectOutcome.INEFFECTIVE);
    assertThat(e.upperCents()).isNegative();
    assertThat(e.score()).isZero();
  }

  @Test
  void scoreFollowsTheEstimateAndItsUncertainty() {
    // Same true effect; more noise means less certainty that it is positive.
    EffectEstimate precise = estimator.estimate(simulate(new Random(4), 24, 24, 30, 20), 24);
    EffectEstimate noisy = estimator.estimate(simulate(new Random(4), 24, 24, 30, 400), 24);
    assertThat(precise.score()).isGreaterThan(noisy.score());
    assertThat(noisy.outcome()).isEqualTo(EffectOutcome.INCONCLUSIVE);
    double z = noisy.estimateCents() / noisy.standardErrorCents();
    assertThat(noisy.score()).isEqualTo((int) Math.round(100 * DiffInDiffEstimator.normalCdf(z)));
  }

  @Test
  void tooFewBucketsIsInsufficientDataWithoutAScore() {
    EffectEstimate e = estimator.estimate(simulate(new Random(5), 10, 5, 200, 40), 5);
    assertThat(e.outcome()).isEqualTo(EffectOutcome.INSUFFICIENT_DATA);
    assertThat(e.score()).isNull();
    assertThat(e.estimateCents()).isNull();
    assertThat(e.detail()).contains("10 bucket(s) with data before", "5 after", "at least 6");
  }

  @Test
  void controlWithoutMarginOrDataWithoutVariationIsInsufficient() {
    List<Bucket> zeroControl = new ArrayList<>();
    List<Bucket> flat = new ArrayList<>();
    for (int t = 0; t < 20; t++) {
      zeroControl.add(new Bucket(t >= 10, 100 + t, 0));
      flat.add(new Bucket(t >= 10, 100, 500));
    }
    assertThat(estimator.estimate(zeroControl, 10).detail())
        .contains("control's mean margin before the action is 0.00 cents");
    EffectEstimate e = estimator.estimate(flat, 10);
    assertThat(e.outcome()).isEqualTo(EffectOutcome.INSUFFICIENT_DATA);
    assertThat(e.detail()).contains("no variation");
  }

  @Test
  void normalCdfMatchesKnownQuantiles() {
    assertThat(DiffInDiffEstimator.normalCdf(0)).isCloseTo(0.5, within(1e-7));
    assertThat(DiffInDiffEstimator.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
    assertThat(DiffInDiffEstimator.normalCdf(-1)).isCloseTo(0.1586553, within(1e-6));
  }
}
