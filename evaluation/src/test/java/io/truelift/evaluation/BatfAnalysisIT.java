package io.truelift.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.truelift.evaluation.batf.AnalyzeMain;
import io.truelift.evaluation.batf.BatfData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Breakfast at the Frat analysis, read at run time from shared/data/batf (never copied);
 * skipped with a message where the data is absent.
 */
class BatfAnalysisIT {
  @Test
  void baselineBeatsSeasonalNaiveAndFindsAKnownStrongPair() throws Exception {
    Path dir = BatfData.locate(Path.of(System.getProperty("user.dir")));
    assumeTrue(dir != null,
        "Breakfast at the Frat data not found (set TRUELIFT_BATF_DIR or -Dtruelift.batf.dir); skipping the real-data analysis");
    AnalyzeMain.Result r = AnalyzeMain.run(dir, 26);
    assertThat(r.wapeImprovement()).as("WAPE improvement over seasonal naive").isGreaterThanOrEqualTo(0.15);
    assertThat(r.heldOutCoverage()).as("held-out 90%% coverage").isBetween(0.85, 0.95);
    assertThat(r.knownPairs())
        .as("a README strong pair among the top 10 learned pairs")
        .anyMatch(k -> (boolean) k.get("found") && (int) k.get("rankNumber") <= 10);
    // Two UPCs can share a description (GM CHEERIOS 12 OZ and 18 OZ): a pair must not read as an
    // item losing sales to itself.
    assertThat(r.topPairs())
        .as("learned pairs name two different items")
        .isNotEmpty()
        .noneMatch(p -> p.get("promoted").equals(p.get("substitute")));
    assertThat(r.promotions()).containsKey("episodes (store x item runs of promoted weeks)");
    assertThat((Map<String, Object>) r.accuracy()).containsKey("coverage90AllRows");
  }
}
