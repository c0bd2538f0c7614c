package io.truelift.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemandNoiseTest {
  @Test
  void trafficNoiseIsSeededHourlyAndMeanOne() {
    Catalog c = Catalog.defaultCatalog();
    DemandModel quiet = new DemandModel(c, 12);
    DemandModel noisy = new DemandModel(c, 12, 0.15, 9);
    Instant t = Instant.parse("2026-03-02T10:00:00Z");
    assertThat(noisy.noise(t)).isEqualTo(noisy.noise(t.plusSeconds(1800))); // constant within the hour
    assertThat(noisy.noise(t)).isEqualTo(new DemandModel(c, 12, 0.15, 9).noise(t)); // seeded
    double sum = 0;
    for (int h = 0; h < 20_000; h++) {
      sum += noisy.noise(t.plusSeconds(3600L * h));
    }
    assertThat(sum / 20_000).isCloseTo(1.0, within(0.01));
    assertThat(quiet.noise(t)).isEqualTo(1.0);
    assertThat(noisy.shoppersPerMinute(t)).isEqualTo(quiet.shoppersPerMinute(t) * noisy.noise(t));
    assertThatThrownBy(() -> new DemandModel(c, 12, -1, 0)).hasMessageContaining("trafficNoise must be in [0, 2], got -1");
  }
}
