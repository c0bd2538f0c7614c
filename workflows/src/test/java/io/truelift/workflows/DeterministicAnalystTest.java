package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.Severity;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.workflows.alert.AlertAnalysis;
import io.truelift.workflows.alert.AlertDao.PromotionPrices;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.Recommendation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterministicAnalystTest {
  private final DeterministicAnalyst analyst = new DeterministicAnalyst();

  @Test
  void explanationQuotesTheComputedNumbers() {
    AlertAnalysis a = analyst.analyse(TestAlerts.alert("P-1"));
    assertThat(a.analyst()).isEqualTo("deterministic");
    assertThat(a.explanation())
        .contains(
            "Over 1.2 hours of promotion P-1",
            "PIZZA-4CH sold 83 units above its baseline",
            "75 of them (90%)",
            "in FROZEN PIZZA",
            "$379.41",
            "log-likelihood ratio is 6.08");
  }

  @Test
  void topSubstitutesAreListedByLostUnits() {
    String text = analyst.analyse(TestAlerts.alert("P-1")).explanation();
    assertThat(text)
        .contains(
            "PIZZA-PEP (47 of 103 expected units lost, 46%), PIZZA-PB (22 of 61",
            "PIZZA-SUP (6 of 51");
    assertThat(text.indexOf("PIZZA-PEP")).isLessThan(text.indexOf("PIZZA-PB"));
    assertThat(text.indexOf("PIZZA-PB")).isLessThan(text.indexOf("PIZZA-SUP"));
  }

  @Test
  void sameAlertSameAnalysis() {
    assertThat(analyst.analyse(TestAlerts.alert("P-1")))
        .isEqualTo(analyst.analyse(TestAlerts.alert("P-1")));
  }

  @Test
  void primaryAndTwoAlternativesWithEffectsFromTheNumbers() {
    AlertAnalysis a = analyst.analyse(TestAlerts.alert("P-1"));
    assertThat(a.recommendations())
        .extracting(Recommendation::rank, Recommendation::actionType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, ActionType.STOP_PROMOTION),
            org.assertj.core.groups.Tuple.tuple(2, ActionType.ADJUST_PRICE),
            org.assertj.core.groups.Tuple.tuple(3, ActionType.DISMISS));
    // $379.41 lost over 73 minutes of evidence, stated per 24 hours: 748,425 cents.
    long perDay = Math.round(37941 / (73 / 60.0) * 24);
    assertThat(perDay).isEqualTo(748_425L);
    assertThat(a.recommendations().get(0).expectedMarginChangeCents()).isEqualTo(perDay);
    assertThat(a.recommendations().get(1).expectedMarginChangeCents()).isEqualTo(perDay / 2);
    assertThat(a.recommendations().get(2).expectedMarginChangeCents()).isZero();
    assertThat(a.recommendations().get(0).rationale()).contains("$7484.25", "10% of its lift");
  }

  @Test
  void repriceRecommendationNamesTheMidpointPriceWhenPricesAreKnown() {
    AlertAnalysis a = analyst.analyse(TestAlerts.alert("P-1"), new PromotionPrices(399, 600));
    Recommendation adjust = a.recommendations().get(1);
    assertThat(adjust.newPriceCents()).isEqualTo(500L);
    assertThat(adjust.title()).contains("from $3.99 to $5.00 (regular $6.00)");
    assertThat(analyst.analyse(TestAlerts.alert("P-1")).recommendations().get(1).newPriceCents())
        .isNull();
  }

  @Test
  void confidenceComesFromTheTestStatistic() {
    AlertAnalysis a = analyst.analyse(TestAlerts.alert("P-1"));
    assertThat(a.confidence()).isEqualTo(1 / (1 + Math.exp(-6.08)));
    assertThat(a.explanation()).contains("99.8% probability");
    assertThat(analyst.analyse(withStatistic(0)).confidence()).isEqualTo(0.5);
    assertThat(analyst.analyse(withStatistic(2)).confidence())
        .isLessThan(analyst.analyse(withStatistic(4)).confidence());
    assertThat(analyst.analyse(withStatistic(1e6)).confidence()).isLessThanOrEqualTo(1.0);
  }

  @Test
  void zeroLengthWindowAndNoLosingSubstituteStillExplain() {
    Instant t = Instant.parse("2026-01-05T10:00:00Z");
    CannibalizationAlert a =
        new CannibalizationAlert(
            1,
            "X-e1",
            "X",
            "SKU-A",
            "C",
            "S",
            t,
            t,
            t,
            10,
            2,
            0.2,
            600,
            3,
            Severity.LOW,
            List.of(new SubstituteLoss("SKU-B", 5, 6, -1)));
    AlertAnalysis analysis = analyst.analyse(a);
    assertThat(analysis.explanation()).contains("taken from its substitutes");
    // One minute is the floor: 600 cents per minute is 864,000 cents per 24 h.
    assertThat(analysis.recommendations().get(0).expectedMarginChangeCents()).isEqualTo(864_000L);
  }

  private static CannibalizationAlert withStatistic(double s) {
    CannibalizationAlert b = TestAlerts.alert("P-1");
    return new CannibalizationAlert(
        b.schemaVersion(),
        b.alertId(),
        b.promotionId(),
        b.promotedSku(),
        b.category(),
        b.subCategory(),
        b.detectedAt(),
        b.windowStart(),
        b.windowEnd(),
        b.grossLiftUnits(),
        b.cannibalizedUnits(),
        b.cannibalizationRate(),
        b.lostRevenueCents(),
        s,
        b.severity(),
        b.substitutes());
  }
}
