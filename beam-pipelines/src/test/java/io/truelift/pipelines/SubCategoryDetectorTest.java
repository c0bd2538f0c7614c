package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.model.SubCategoryDetector;
import io.truelift.pipelines.model.SubCategoryWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The detector on known synthetic rates, without a runner. */
class SubCategoryDetectorTest {
  private static final BaselineProfile PROFILE = BaselineProfile.fromEvents(Fixtures.history());

  /** Groups events into 1-minute windows of one sub-category, in time order. */
  static List<SubCategoryWindow> windows(List<ShoppingEvent> events, String subCategory) {
    Map<Instant, Map<String, long[]>> byMinute = new TreeMap<>();
    Map<Instant, Map<String, String>> promos = new HashMap<>();
    for (ShoppingEvent e : events) {
      if (!e.subCategory().equals(subCategory)) {
        continue;
      }
      Instant m = Instant.ofEpochSecond(e.eventTime().getEpochSecond() / 60 * 60);
      long[] v = byMinute.computeIfAbsent(m, k -> new HashMap<>()).computeIfAbsent(e.sku(), k -> new long[3]);
      v[0]++;
      v[1] += e.units();
      v[2] += e.revenueCents();
      if (e.promotionId() != null) {
        promos.computeIfAbsent(m, k -> new HashMap<>()).put(e.sku(), e.promotionId());
      }
    }
    List<SubCategoryWindow> out = new ArrayList<>();
    byMinute.forEach(
        (m, skus) -> {
          Map<String, SubCategoryWindow.SkuSales> sales = new HashMap<>();
          skus.forEach(
              (sku, v) ->
                  sales.put(
                      sku,
                      new SubCategoryWindow.SkuSales(
                          v[0], v[1], v[2], promos.getOrDefault(m, Map.of()).get(sku))));
          out.add(new SubCategoryWindow(subCategory, m, m.plusSeconds(60), sales));
        });
    return out;
  }

  static List<CannibalizationAlert> detect(List<ShoppingEvent> events, String subCategory) {
    SubCategoryDetector d = new SubCategoryDetector(subCategory);
    List<CannibalizationAlert> alerts = new ArrayList<>();
    for (SubCategoryWindow w : windows(events, subCategory)) {
      d.accept(w, PROFILE, DetectionSettings.defaults(), alerts::add);
    }
    return alerts;
  }

  @Test
  void strongCannibalizationRaisesExactlyOneAlertWithTheDecomposition() {
    List<ShoppingEvent> live =
        Fixtures.sales(Fixtures.LIVE_START, Duration.ofHours(6), "PIZZA-4CH", "P-HIGH", 2.5, 0.65, 1);
    List<CannibalizationAlert> alerts = detect(live, "FROZEN PIZZA");
    assertThat(alerts).hasSize(1);
    CannibalizationAlert a = alerts.get(0);
    assertThat(a.alertId()).isEqualTo("P-HIGH-e1");
    assertThat(a.promotedSku()).isEqualTo("PIZZA-4CH");
    assertThat(a.substitutes()).extracting(s -> s.sku())
        .containsExactlyInAnyOrder("PIZZA-PEP", "PIZZA-SUP", "PIZZA-PB");
    // Injected: substitutes sell 35% less than 1.9 purchases/minute over the evidence period.
    long minutes = Duration.between(a.windowStart(), a.windowEnd()).toMinutes();
    double injected = 0.35 * 1.9 * minutes;
    assertThat(a.cannibalizedUnits()).isCloseTo(injected, within(0.5 * injected));
    assertThat(a.cannibalizationRate()).isBetween(0.2, 1.5);
    assertThat(minutes).isLessThan(180);
  }

  @Test
  void promotionWithUnaffectedSubstitutesRaisesNothing() {
    for (long seed = 1; seed <= 10; seed++) {
      List<ShoppingEvent> live =
          Fixtures.sales(Fixtures.LIVE_START, Duration.ofHours(8), "PIZZA-4CH", "P-OK", 2.5, 1.0, seed);
      assertThat(detect(live, "FROZEN PIZZA")).as("seed %d", seed).isEmpty();
    }
  }

  @Test
  void itemWithoutSubstitutesNeverAlerts() {
    List<ShoppingEvent> live =
        Fixtures.sales(Fixtures.LIVE_START, Duration.ofHours(8), "FLOSS", "P-NONE", 3.0, 0.5, 3);
    assertThat(detect(live, "FLOSS")).isEmpty();
  }

  @Test
  void replayedWindowsRaiseNoSecondAlert() {
    List<ShoppingEvent> live =
        Fixtures.sales(Fixtures.LIVE_START, Duration.ofHours(6), "PIZZA-4CH", "P-HIGH", 2.5, 0.65, 1);
    SubCategoryDetector d = new SubCategoryDetector("FROZEN PIZZA");
    List<CannibalizationAlert> alerts = new ArrayList<>();
    List<SubCategoryWindow> ws = windows(live, "FROZEN PIZZA");
    ws.forEach(w -> d.accept(w, PROFILE, DetectionSettings.defaults(), alerts::add));
    ws.forEach(w -> d.accept(w, PROFILE, DetectionSettings.defaults(), alerts::add));
    assertThat(alerts).hasSize(1);
  }

  @Test
  void profileFollowsTheHistoryRates() {
    Instant from = Instant.parse("2026-01-05T10:00:00Z");
    assertThat(PROFILE.expectedPurchases("PIZZA-PEP", from, from.plus(Duration.ofHours(1))))
        .isCloseTo(0.8 * 60, within(0.8 * 60 * 0.2));
    assertThat(PROFILE.substitutes("PIZZA-4CH")).containsExactly("PIZZA-PB", "PIZZA-PEP", "PIZZA-SUP");
    assertThat(PROFILE.substitutes("FLOSS")).isEmpty();
  }
}
