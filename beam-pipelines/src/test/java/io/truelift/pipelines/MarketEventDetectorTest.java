package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.model.PromotionEvidence;
import io.truelift.pipelines.model.SubCategoryDetector;
import io.truelift.pipelines.model.SubCategoryWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Promotion state from {@code market_events} in the plain-Java detector. */
class MarketEventDetectorTest {
  private static final BaselineProfile PROFILE = BaselineProfile.fromEvents(Fixtures.history());
  private static final Instant T0 = Fixtures.LIVE_START;
  /** A fixed threshold and small minimums, so that a few silent minutes decide. */
  static final DetectionSettings SENSITIVE =
      new DetectionSettings(
          Duration.ofMinutes(1), Duration.ofMinutes(30), 0.15, 1.0, 5, 5, 0.10, 0, Duration.ofHours(8), 0,
          Duration.ofHours(2), 0.10);

  static MarketEvent market(String id, MarketEventType type, String promotionId, String sku, Instant at, Long price) {
    return new MarketEvent(1, id, at, type, promotionId, sku, null, price, "test", null);
  }

  /** Minute {@code m}: the promoted 4-cheese sells {@code units} (tagged if {@code tagged}); substitutes nothing. */
  static SubCategoryWindow minute(int m, long units, String promotionId) {
    Instant start = T0.plusSeconds(60L * m);
    return new SubCategoryWindow(
        "FROZEN PIZZA", start, start.plusSeconds(60),
        Map.of("PIZZA-4CH", new SubCategoryWindow.SkuSales(units, units, units * 350, promotionId)));
  }

  @Test
  void promotionStartedOnMarketEventsRunsWithoutTaggedSalesAndAlerts() {
    SubCategoryDetector d = new SubCategoryDetector("FROZEN PIZZA");
    d.onMarketEvent(market("m1", MarketEventType.PROMOTION_STARTED, "P-1", "PIZZA-4CH", T0, 350L));
    List<CannibalizationAlert> alerts = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      d.accept(minute(m, 2, null), PROFILE, SENSITIVE, alerts::add); // the till tags nothing
    }
    assertThat(alerts).extracting(CannibalizationAlert::alertId).containsExactly("P-1-e1");
    PromotionEvidence e = d.promotions().get("P-1");
    assertThat(e.announced()).isTrue();
    assertThat(e.promoPriceCents()).isEqualTo(350L);
    assertThat(e.ended()).isFalse();
  }

  @Test
  void promotionStartedAndStoppedInsideOneWindowLastsThatWindowOnly() {
    SubCategoryDetector d = new SubCategoryDetector("FROZEN PIZZA");
    d.onMarketEvent(market("m1", MarketEventType.PROMOTION_STARTED, "P-1", "PIZZA-4CH", T0.plusSeconds(10), 350L));
    d.onMarketEvent(market("m2", MarketEventType.PROMOTION_STOPPED, "P-1", "PIZZA-4CH", T0.plusSeconds(50), null));
    List<CannibalizationAlert> alerts = new ArrayList<>();
    d.accept(minute(0, 3, "P-1"), PROFILE, SENSITIVE, alerts::add);
    PromotionEvidence e = d.promotions().get("P-1");
    assertThat(e.firstWindowStart()).isEqualTo(T0);
    assertThat(e.ended()).as("stopped inside its first window: over after it").isTrue();
    assertThat(e.stoppedAt()).isEqualTo(T0.plusSeconds(50));
    assertThat(e.lastPromotedSaleEnd()).isEqualTo(T0.plusSeconds(60));
    // The substitutes sell nothing afterwards: that is no longer this promotion's evidence.
    for (int m = 1; m < 15; m++) {
      d.accept(minute(m, 1, m < 3 ? "P-1" : null), PROFILE, SENSITIVE, alerts::add);
    }
    assertThat(alerts).as("a till still tagging P-1 after the stop does not restart it").isEmpty();
    assertThat(d.promotions().get("P-1").ended()).isTrue();
  }

  @Test
  void stopAtAWindowStartEndsThePromotionBeforeThatWindow() {
    SubCategoryDetector d = new SubCategoryDetector("FROZEN PIZZA");
    d.onMarketEvent(market("m1", MarketEventType.PROMOTION_STARTED, "P-1", "PIZZA-4CH", T0, 350L));
    d.onMarketEvent(market("m2", MarketEventType.PROMOTION_STOPPED, "P-1", "PIZZA-4CH", T0.plusSeconds(120), null));
    List<CannibalizationAlert> alerts = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      d.accept(minute(m, 2, null), PROFILE, SENSITIVE, alerts::add);
    }
    // Two silent minutes: 2 x 0.15 x 1.9 = 0.57 < 1.0, and the stop ends the evidence there.
    assertThat(alerts).isEmpty();
    assertThat(d.promotions().get("P-1").testStatistic()).isBetween(0.4, 0.7);
  }

  @Test
  void priceChangeRecordsThePriceAndARegularPriceEndsThePromotion() {
    SubCategoryDetector d = new SubCategoryDetector("FROZEN PIZZA");
    d.onMarketEvent(market("m1", MarketEventType.PROMOTION_STARTED, "P-1", "PIZZA-4CH", T0, 350L));
    d.onMarketEvent(market("m2", MarketEventType.PRICE_CHANGED, "P-1", "PIZZA-4CH", T0.plusSeconds(60), 420L));
    List<CannibalizationAlert> alerts = new ArrayList<>();
    d.accept(minute(0, 2, null), PROFILE, SENSITIVE, alerts::add);
    d.accept(minute(1, 2, null), PROFILE, SENSITIVE, alerts::add);
    assertThat(d.promotions().get("P-1").promoPriceCents()).isEqualTo(420L);
    d.onMarketEvent(market("m3", MarketEventType.PRICE_CHANGED, "P-1", "PIZZA-4CH", T0.plusSeconds(120), 500L));
    d.accept(minute(2, 2, null), PROFILE, SENSITIVE, alerts::add);
    assertThat(d.promotions().get("P-1").ended()).as("re-priced to the regular 5.00").isTrue();
  }

  @Test
  void redeliveredAndLateMarketEventsAreAppliedOnce() {
    SubCategoryDetector d = new SubCategoryDetector("FROZEN PIZZA");
    MarketEvent start = market("m1", MarketEventType.PROMOTION_STARTED, "P-1", "PIZZA-4CH", T0, 350L);
    assertThat(d.onMarketEvent(start)).isTrue();
    assertThat(d.onMarketEvent(start)).isFalse();
    List<CannibalizationAlert> alerts = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      d.accept(minute(m, 2, null), PROFILE, SENSITIVE, alerts::add);
    }
    // A stop for minute 1 arrives after minute 2 was processed: applied at the next window.
    d.onMarketEvent(market("m2", MarketEventType.PROMOTION_STOPPED, "P-1", "PIZZA-4CH", T0.plusSeconds(70), null));
    assertThat(d.lateMarketEvents()).isEqualTo(1);
    d.accept(minute(3, 2, null), PROFILE, SENSITIVE, alerts::add);
    assertThat(d.promotions().get("P-1").ended()).isTrue();
  }
}
