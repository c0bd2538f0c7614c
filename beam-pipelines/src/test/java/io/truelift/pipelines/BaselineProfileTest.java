package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.pipelines.model.BaselineProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineProfileTest {
  /** Exactly one sale per minute of every product: any exposure error shows directly. */
  private static List<ShoppingEvent> everyMinute(Instant from, Duration length) {
    List<ShoppingEvent> out = new ArrayList<>();
    long n = 0;
    for (Instant m = from; m.isBefore(from.plus(length)); m = m.plusSeconds(60)) {
      for (String sku : Fixtures.RATES.keySet()) {
        out.add(Fixtures.event("h" + n++, sku, m.plusSeconds(30), 2, null));
      }
    }
    return out;
  }

  @Test
  void historyStartingAndEndingMidDayIsNotCountedAsWholeDays() {
    // Monday 09:00 to Monday 09:00: five Monday dates, but four Mondays of data.
    Instant monday9 = Instant.parse("2025-12-08T09:00:00Z");
    BaselineProfile p = BaselineProfile.fromEvents(everyMinute(monday9, Duration.ofDays(28)));
    Instant mondayNoon = Instant.parse("2026-01-05T12:00:00Z");
    assertThat(p.expectedPurchases("PIZZA-PEP", mondayNoon, mondayNoon.plusSeconds(3600)))
        .isCloseTo(60, within(0.5));
    assertThat(p.expectedUnits("PIZZA-PEP", mondayNoon, mondayNoon.plusSeconds(60)))
        .isCloseTo(2, within(0.02));
  }

  @Test
  void promotedSalesDoNotCountTowardTheBaseline() {
    List<ShoppingEvent> history = new ArrayList<>(everyMinute(Fixtures.HISTORY_START, Duration.ofDays(7)));
    Instant t = Fixtures.HISTORY_START.plusSeconds(3600);
    for (int i = 0; i < 500; i++) {
      history.add(Fixtures.event("p" + i, "PIZZA-4CH", t, 1, "P-OLD"));
    }
    BaselineProfile p = BaselineProfile.fromEvents(history);
    Instant noon = Instant.parse("2026-01-05T12:00:00Z");
    assertThat(p.expectedPurchases("PIZZA-4CH", noon, noon.plusSeconds(60))).isCloseTo(1, within(0.01));
  }

  @Test
  void seasonalityFollowsHourOfDayAndDayOfWeek() {
    // Deterministic history: 1 sale a minute, x3 at 18:00-18:59, x2 on Saturdays.
    List<ShoppingEvent> history = new ArrayList<>();
    Instant from = Instant.parse("2025-12-01T00:00:00Z"); // a Monday
    long n = 0;
    for (Instant m = from; m.isBefore(from.plus(Duration.ofDays(14))); m = m.plusSeconds(60)) {
      var z = m.atZone(java.time.ZoneOffset.UTC);
      int perMinute = (z.getHour() == 18 ? 3 : 1) * (z.getDayOfWeek() == java.time.DayOfWeek.SATURDAY ? 2 : 1);
      for (int i = 0; i < perMinute; i++) {
        history.add(Fixtures.event("s" + n++, "PIZZA-PEP", m.plusSeconds(i), 1, null));
      }
    }
    BaselineProfile p = BaselineProfile.fromEvents(history);
    Instant saturday18 = Instant.parse("2026-01-10T18:00:00Z");
    Instant monday10 = Instant.parse("2026-01-12T10:00:00Z");
    assertThat(p.expectedUnits("PIZZA-PEP", saturday18, saturday18.plusSeconds(60)))
        .isCloseTo(6, within(0.01));
    assertThat(p.expectedUnits("PIZZA-PEP", monday10, monday10.plusSeconds(600)))
        .isCloseTo(10, within(0.1));
  }

  @Test
  void catalogAndSubstitutesComeFromHistory() {
    BaselineProfile p = BaselineProfile.fromEvents(Fixtures.history());
    BaselineProfile.Product pep = p.product("PIZZA-PEP");
    assertThat(pep.category()).isEqualTo("FROZEN");
    assertThat(pep.subCategory()).isEqualTo("FROZEN PIZZA");
    assertThat(pep.regularPriceCents()).isEqualTo(500);
    assertThat(p.substitutes("PIZZA-PEP")).containsExactly("PIZZA-4CH", "PIZZA-PB", "PIZZA-SUP");
    assertThat(p.substitutes("FLOSS")).isEmpty();
    assertThat(p.substitutes("UNKNOWN")).isEmpty();
    assertThat(p.expectedUnits("UNKNOWN", Fixtures.LIVE_START, Fixtures.LIVE_START.plusSeconds(60)))
        .isZero();
  }

  @Test
  void historyFileSkipsInvalidLinesAndRejectsAFileWithoutEvents(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("history.jsonl");
    List<String> lines = new ArrayList<>();
    lines.add("not json");
    lines.add("");
    everyMinute(Fixtures.HISTORY_START, Duration.ofHours(2)).forEach(e -> lines.add(EventJson.encode(e)));
    Files.write(file, lines);
    BaselineProfile p = BaselineProfile.fromHistory(file);
    assertThat(p.knows("FLOSS")).isTrue();

    Path empty = dir.resolve("empty.jsonl");
    Files.write(empty, List.of("{}"));
    assertThatThrownBy(() -> BaselineProfile.fromHistory(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty.jsonl")
        .hasMessageContaining("1 invalid");
  }
}
