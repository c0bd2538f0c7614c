package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.truelift.pipelines.options.CannibalizationOptions;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.junit.jupiter.api.Test;

/**
 * The Dataflow launch: the pipeline's options with DataflowRunner's pass its validation (no
 * Google Cloud call: credentials and the gs:// path check are switched off), and the flex-template
 * spec names only options the pipeline has, with every required one required there too.
 */
class DataflowOptionsTest {
  private static final Path METADATA = Path.of("src/main/flex-template/metadata.json");

  /** What the chart's launch Job passes (helm/truelift/templates/pipeline-dataflow.yaml). */
  static List<String> launchArgs() {
    return new ArrayList<>(
        List.of(
            "--runner=DataflowRunner", "--project=truelift-test", "--region=europe-west1",
            "--jobName=truelift-detection", "--tempLocation=gs://truelift-test/tmp",
            // Set explicitly: their defaults would look the bucket up on Google Cloud.
            "--gcpTempLocation=gs://truelift-test/tmp", "--stagingLocation=gs://truelift-test/staging",
            "--streaming=true",
            "--enableStreamingEngine=true", "--numWorkers=1", "--maxNumWorkers=4",
            "--workerMachineType=n2-standard-2", "--usePublicIps=false", "--bootstrapServers=kafka:9092",
            "--historyFile=gs://truelift-test/history.jsonl",
            // The workers cannot load the registry's file artifacts: the fallback baseline.
            "--modelRegistryUrl=",
            "--credentialFactoryClass=" + NoopCredentialFactory.class.getName(),
            "--pathValidatorClass=" + NoopPathValidator.class.getName()));
  }

  @Test
  void chartLaunchArgumentsValidateForTheDataflowRunner() {
    PipelineOptionsFactory.register(CannibalizationOptions.class);
    DataflowPipelineOptions o =
        PipelineOptionsFactory.fromArgs(launchArgs().toArray(String[]::new)).withValidation().as(DataflowPipelineOptions.class);
    DataflowRunner runner = DataflowRunner.fromOptions(o);
    assertThat(runner).isNotNull();
    assertThat(o.getRegion()).isEqualTo("europe-west1");
    assertThat(o.getGcpTempLocation()).isEqualTo("gs://truelift-test/tmp");
    assertThat(o.as(CannibalizationOptions.class).getBootstrapServers()).isEqualTo("kafka:9092");
    assertThat(o.as(CannibalizationOptions.class).getModelRegistryUrl()).isEmpty();
  }

  @Test
  void withoutARegionTheDataflowRunnerRefusesToStart() {
    List<String> args = launchArgs();
    args.removeIf(a -> a.startsWith("--region"));
    PipelineOptionsFactory.register(CannibalizationOptions.class);
    DataflowPipelineOptions o =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(DataflowPipelineOptions.class);
    assertThatThrownBy(() -> DataflowRunner.fromOptions(o)).hasMessageContaining("region");
  }

  @Test
  void withoutTheHistoryFileValidationFailsNamingIt() {
    List<String> args = launchArgs();
    args.removeIf(a -> a.startsWith("--historyFile"));
    PipelineOptionsFactory.register(CannibalizationOptions.class);
    assertThatThrownBy(
            () -> PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(CannibalizationOptions.class))
        .hasMessageContaining("--historyFile");
  }

  @Test
  void flexTemplateSpecMatchesThePipelineOptions() throws Exception {
    JsonNode spec = new ObjectMapper().readTree(METADATA.toFile());
    assertThat(spec.get("streaming").asBoolean()).isTrue();
    Set<String> options = new TreeSet<>();
    Set<String> required = new TreeSet<>();
    for (Method m : CannibalizationOptions.class.getMethods()) {
      if (m.getName().startsWith("get") && m.getDeclaringClass() == CannibalizationOptions.class) {
        String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
        options.add(name);
        if (m.isAnnotationPresent(Validation.Required.class)) {
          required.add(name);
        }
      }
    }
    Set<String> requiredInSpec = new TreeSet<>();
    for (JsonNode p : spec.get("parameters")) {
      String name = p.get("name").asText();
      assertThat(options).as("parameter %s is a pipeline option", name).contains(name);
      assertThat(p.get("helpText").asText()).as(name).isNotBlank();
      if (!p.get("isOptional").asBoolean()) {
        requiredInSpec.add(name);
      }
    }
    assertThat(requiredInSpec).containsAll(required);
  }
}
