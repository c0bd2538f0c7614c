package io.truelift.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiLoadBenchTest {
  private static OpenLoopLoad.Stats stats(int errors, double... latenciesMs) {
    OpenLoopLoad.Stats s = new OpenLoopLoad.Stats();
    for (double ms : latenciesMs) {
      s.add(ms, null);
    }
    for (int i = 0; i < errors; i++) {
      s.add(1, "HTTP 500");
    }
    return s;
  }

  @Test
  void theTargetIsMetOnlyWithEveryEndpointUnder50MsAtP99AndNoError() {
    assertThat(ApiLoadBench.verdict(Map.of("list", stats(0, 1, 2, 3), "detail", stats(0, 4, 5, 49))))
        .contains(": MET");
    assertThat(ApiLoadBench.verdict(Map.of("list", stats(0, 1, 2, 3), "detail", stats(0, 4, 5, 51))))
        .contains("NOT MET");
    assertThat(ApiLoadBench.verdict(Map.of("list", stats(1, 1, 2, 3)))).contains("NOT MET");
    assertThat(ApiLoadBench.verdict(Map.of())).contains("NOT MET");
  }
}
