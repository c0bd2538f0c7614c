package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.options.CannibalizationOptions;
import io.truelift.pipelines.options.EnvDefaults;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.common.ReflectHelpers;
import org.junit.jupiter.api.Test;

class CannibalizationOptionsTest {
  private static CannibalizationOptions parse(String... args) {
    PipelineOptionsFactory.register(CannibalizationOptions.class);
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(CannibalizationOptions.class);
  }

  @Test
  void theTrainingAndDetectionOptionsCanLiveInOneProcess() {
    // Beam validates a property against every options interface registered in the JVM: getters of
    // one name annotated differently fail the second interface's first use (TrainingPipelineIT
    // failed this way in CI after another test had used CannibalizationOptions).
    var options = PipelineOptionsFactory.create();
    options.as(CannibalizationOptions.class);
    assertThat(options.as(io.truelift.pipelines.training.TrainingOptions.class).getJdbcUser()).isNotBlank();
    assertThat(PipelineOptionsFactory.create().as(io.truelift.pipelines.training.TrainingOptions.class)
        .as(CannibalizationOptions.class).getJdbcUser()).isNotBlank();
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

  /**
   * The database of the sinks and the model registry comes from TRUELIFT_JDBC_* like every other
   * process's (the Helm chart sets them from a Secret, never as arguments); an argument wins.
   */
  @Test
  void databaseAndRegistryDefaultToTheSharedJdbcVariables() throws NoSuchMethodException {
    Map<String, String> env =
        Map.of("TRUELIFT_JDBC_URL", "jdbc:postgresql://db:5432/truelift", "TRUELIFT_JDBC_USER", "tl", "TRUELIFT_JDBC_PASSWORD", "pw");
    assertThat(new EnvDefaults.JdbcUrl().from(env)).isEqualTo("jdbc:postgresql://db:5432/truelift");
    assertThat(new EnvDefaults.JdbcUser().from(env)).isEqualTo("tl");
    assertThat(new EnvDefaults.JdbcPassword().from(env)).isEqualTo("pw");
    assertThat(new EnvDefaults.JdbcUrl().from(Map.of("TRUELIFT_JDBC_URL", " "))).isNull();
    assertThat(new EnvDefaults.JdbcUser().from(Map.of())).isEqualTo("sa");
    assertThat(new EnvDefaults.JdbcPassword().from(Map.of())).isEmpty();
    Map<String, Class<?>> wiring =
        Map.of(
            "getJdbcUrl", EnvDefaults.JdbcUrl.class, "getModelRegistryUrl", EnvDefaults.JdbcUrl.class,
            "getJdbcUser", EnvDefaults.JdbcUser.class, "getModelRegistryUser", EnvDefaults.JdbcUser.class,
            "getJdbcPassword", EnvDefaults.JdbcPassword.class, "getModelRegistryPassword", EnvDefaults.JdbcPassword.class);
    for (Map.Entry<String, Class<?>> w : wiring.entrySet()) {
      Default.InstanceFactory f =
          CannibalizationOptions.class.getMethod(w.getKey()).getAnnotation(Default.InstanceFactory.class);
      assertThat(f).as(w.getKey()).isNotNull();
      assertThat((Object) f.value()).as(w.getKey()).isEqualTo(w.getValue());
    }
    // Through the options (this JVM's environment), and an explicit value or empty one wins.
    String url = System.getenv("TRUELIFT_JDBC_URL");
    assertThat(parse("--historyFile=h").getJdbcUrl()).isEqualTo(url == null || url.isBlank() ? null : url);
    CannibalizationOptions explicit = parse("--historyFile=h", "--jdbcUrl=jdbc:h2:mem:x", "--modelRegistryUrl=");
    assertThat(explicit.getJdbcUrl()).isEqualTo("jdbc:h2:mem:x");
    assertThat(explicit.getModelRegistryUrl()).isEmpty();
  }

  /** Serialized options reach the Flink job configuration and the Dataflow job description. */
  @Test
  void passwordsAreNeverSerializedWithTheOptions() throws Exception {
    CannibalizationOptions o = parse("--historyFile=h", "--jdbcPassword=hunter2", "--modelRegistryPassword=hunter3");
    assertThat(o.getJdbcPassword()).isEqualTo("hunter2");
    assertThat(o.getModelRegistryPassword()).isEqualTo("hunter3");
    String json =
        new ObjectMapper().registerModules(ObjectMapper.findModules(ReflectHelpers.findClassLoader())).writeValueAsString(o);
    assertThat(json).contains("historyFile").doesNotContain("hunter").doesNotContain("Password");
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
