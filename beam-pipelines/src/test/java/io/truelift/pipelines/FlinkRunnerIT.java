package io.truelift.pipelines;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * The same streaming scenarios as {@code StreamingDetectionTest}, on the Flink runner in embedded
 * {@code [local]} mode (a mini-cluster in this JVM, streaming execution, parallelism 2), the
 * runner of local runs and benchmarks. The late/too-late scenario is not among them: Flink's
 * TestStream source does not hold its scripted watermarks in step with the elements (they reach
 * the windowing step after elements scripted behind them), so which events are late is not the
 * script's. Lateness is tested on the DirectRunner ({@code StreamingDetectionTest}).
 */
class FlinkRunnerIT {
  static PipelineOptions flinkLocal() {
    return flinkLocal(2);
  }

  static PipelineOptions flinkLocal(int parallelism) {
    FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    o.setRunner(FlinkRunner.class);
    o.setFlinkMaster("[local]");
    o.setStreaming(true);
    o.setParallelism(parallelism);
    o.setShutdownSourcesAfterIdleMs(0L);
    return o;
  }

  @Test
  void onTimeAlertOnceDespiteDuplicates() {
    DetectionScenarios.onTimeAlertOnceDespiteDuplicates(flinkLocal());
  }

  @Test
  void promotionStartingAndStoppingInsideAWindow() {
    DetectionScenarios.promotionStartingAndStoppingInsideAWindow(flinkLocal());
  }

  @Test
  void twoConcurrentPromotionsInOneCategory() {
    DetectionScenarios.twoConcurrentPromotionsInOneCategory(flinkLocal());
  }

  @Test
  void invalidEventsEndInTheDeadLetters() {
    DetectionScenarios.invalidEventsEndInTheDeadLetters(flinkLocal());
  }
}
