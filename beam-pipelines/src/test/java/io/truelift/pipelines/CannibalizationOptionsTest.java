package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.options.CannibalizationOptions;
import java.util.Objects;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class CannibalizationOptionsTest {
  private static CannibalizationOptions parse(String... args) {
    PipelineOptionsFactory.register(CannibalizationOptions.class);
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(CannibalizationOptions.class);
  }

  @Test
  void defaultsMatchTheRuntimeConventions() {
    CannibalizationOptions o = parse("--historyFile=history.jsonl");
    String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    assertThat(o.getBootstrapServers())
        .isEqualTo(env == null || env.isBlank() ? "localhost:19092" : env);
    assertThat(o.getWindowMinutes()).isEqualTo(1);
    assertThat(o.getAllowedLatenessMinutes()).isEqualTo(1);
    assertThat(CannibalizationPipeline.settings(o)).isEqualTo(DetectionSettings.defaults());
  }

  @Test
  void invalidValuesAreRejectedNamingTheOptionAndValue() {
    assertThatThrownBy(() -> CannibalizationPipeline.settings(parse("--historyFile=h", "--windowMinutes=0")))
        .hasMessage("windowMinutes must be > 0, got 0");
    assertThatThrownBy(
            () -> CannibalizationPipeline.settings(parse("--historyFile=h", "--allowedLatenessMinutes=-2")))
        .hasMessage("allowedLatenessMinutes must be >= 0, got -2");
    assertThatThrownBy(
            () -> CannibalizationPipeline.settings(parse("--historyFile=h", "--minCannibalizationRate=1.5")))
        .hasMessage("minCannibalizationRate must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> parse("--windowMinutes=1"))
        .hasMessageContaining("historyFile");
    assertThat(Objects.requireNonNull(parse("--historyFile=h").getHistoryFile())).isEqualTo("h");
  }
}
