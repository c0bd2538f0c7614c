package io.truelift.helm;

import static io.truelift.helm.Rendered.at;
import static io.truelift.helm.Rendered.container;
import static io.truelift.helm.Rendered.env;
import static io.truelift.helm.Rendered.list;
import static io.truelift.helm.Rendered.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * helm lint and helm template of the chart, with assertions on the rendered manifests: the
 * manifests are valid Kubernetes objects, every long-running pod has probes, resources and a
 * non-root security context, no secret is ever a literal, autoscaling and disruption budgets follow
 * the values, the pipeline switches between a FlinkDeployment and a Dataflow launch Job, the
 * environment matches what each process reads, and bad values stop the render with a message.
 */
class ChartTest {
  static final String FULL = "truelift/ci/flink-values.yaml";
  static final String DATAFLOW = "truelift/ci/dataflow-values.yaml";
  static final String[] MINIMAL = {
    "--set", "kafka.bootstrapServers=kafka:9092",
    "--set", "temporal.address=temporal:7233",
    "--set", "database.jdbcUrl=jdbc:postgresql://db:5432/truelift",
    "--set", "database.existingSecret=truelift-db",
    "--set", "pipeline.flink.upgradeMode=stateless"
  };
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|API_?KEY|CREDENTIAL|PRIVATE_KEY).*");

  @BeforeAll
  static void helmRuns() {
    Helm.Result v = Helm.helm(List.of("version", "--short"));
    assertThat(v.stdout()).as(v.stderr()).startsWith("v4.");
  }

  static String[] with(String[] base, String... more) {
    return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
  }

  static String[] file(String values, String... more) {
    return with(new String[] {"-f", Helm.chart().getParent().resolve(values).toString()}, more);
  }

  @ParameterizedTest
  @ValueSource(strings = {FULL, DATAFLOW})
  void lintIsCleanInStrictMode(String values) {
    Helm.Result r =
        Helm.helm(List.of("lint", "--strict", Helm.chart().toString(), "-f", Helm.chart().getParent().resolve(values).toString()));
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("0 chart(s) failed");
  }

  static Stream<Arguments> renders() {
    return Stream.of(
        Arguments.of("minimal", MINIMAL),
        Arguments.of("flink, every option on", file(FULL)),
        Arguments.of("dataflow, java launcher", file(DATAFLOW)),
        Arguments.of(
            "dataflow, flex template",
            file(
                DATAFLOW,
                "--set", "pipeline.dataflow.launcher=flexTemplate",
                "--set", "pipeline.dataflow.templateFileGcsLocation=gs://acme/templates/truelift.json",
                "--set", "pipeline.options.historyFile=/template/history.jsonl")),
        Arguments.of("catalog feed from a ConfigMap", with(MINIMAL, CONFIG_MAP_FEED)));
  }

  static final String[] CONFIG_MAP_FEED = {
    "--set", "catalogFeed.enabled=true",
    "--set", "catalogFeed.source=configMap",
    "--set", "catalogFeed.configMap=truelift-feed"
  };

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void everyManifestIsAValidKubernetesObject(String name, String[] args) {
    Rendered r = Rendered.template(args);
    assertThat(r.unknownFields()).as("fields the Kubernetes API does not know").isEmpty();
    r.kind("FlinkDeployment").forEach(ChartTest::assertFlinkDeploymentShape);
    for (Map<String, Object> d : r.docs) {
      Map<String, String> labels = at(d, "metadata.labels");
      assertThat(labels).as("labels of %s", (Object) at(d, "metadata.name"))
          .containsEntry("app.kubernetes.io/instance", Rendered.RELEASE)
          .containsEntry("app.kubernetes.io/part-of", "truelift");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void everyPodRunsAsNonRootWithResourcesAndProbes(String name, String[] args) {
    Rendered r = Rendered.template(args);
    List<Map<String, Object>> pods = new ArrayList<>();
    r.kind("Deployment").forEach(d -> pods.add(podSpec(d)));
    r.kind("Job").forEach(j -> pods.add(podSpec(j)));
    r.kind("CronJob").forEach(j -> pods.add(podSpec(j)));
    assertThat(pods).isNotEmpty();
    for (Map<String, Object> pod : pods) {
      assertThat((Boolean) at(pod, "securityContext.runAsNonRoot")).isTrue();
      assertThat((Integer) at(pod, "securityContext.runAsUser")).isPositive();
      assertThat((Boolean) pod.get("automountServiceAccountToken")).isFalse();
      List<Map<String, Object>> containers = new ArrayList<>(list(pod, "containers"));
      containers.addAll(list(pod, "initContainers"));
      for (Map<String, Object> c : containers) {
        String what = "container " + c.get("name");
        assertThat((Boolean) at(c, "securityContext.allowPrivilegeEscalation")).as(what).isFalse();
        assertThat((Boolean) at(c, "securityContext.readOnlyRootFilesystem")).as(what).isTrue();
        assertThat((List<String>) at(c, "securityContext.capabilities.drop")).as(what).containsExactly("ALL");
        assertThat((String) at(c, "resources.requests.cpu")).as(what + " cpu request").isNotBlank();
        assertThat((String) at(c, "resources.requests.memory")).as(what + " memory request").isNotBlank();
        assertThat((String) at(c, "resources.limits.memory")).as(what + " memory limit").isNotBlank();
        assertThat(list(c, "volumeMounts")).as(what + ": /tmp is writable").anyMatch(m -> "/tmp".equals(m.get("mountPath")));
      }
    }
    // The long-running services: startup, readiness and liveness probes on their own named ports.
    for (String component : List.of("api", "worker")) {
      Map<String, Object> c = container(podSpec(r.get("Deployment", component)), component);
      Set<String> ports = new HashSet<>();
      list(c, "ports").forEach(p -> ports.add((String) p.get("name")));
      for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
        assertThat((String) at(c, probe + ".httpGet.path")).as(component + " " + probe).startsWith("/");
        assertThat(ports).as(component + " " + probe + " port").contains((String) at(c, probe + ".httpGet.port"));
      }
    }
    // The simulator serves nothing, so it has no probe: its process ending ends the container.
  }

  @Test
  void probesPointAtWhatTheProcessesServe() throws IOException {
    Rendered r = Rendered.template(MINIMAL);
    Map<String, Object> api = container(podSpec(r.get("Deployment", "api")), "api");
    Map<String, Map<String, Object>> apiEnv = env(api);
    assertThat(apiEnv.get("TRUELIFT_HTTP_PORT").get("value")).isEqualTo(port(api, "http"));
    assertThat(apiEnv.get("TRUELIFT_ADMIN_PORT").get("value")).isEqualTo(port(api, "admin"));
    assertThat((String) at(api, "livenessProbe.httpGet.path")).isEqualTo("/ping"); // Dropwizard admin servlet
    assertThat((List<String>) api.get("args")).containsExactly("server", "/app/config.yml");

    Map<String, Object> worker = container(podSpec(r.get("Deployment", "worker")), "worker");
    assertThat(env(worker).get("TRUELIFT_WORKER_HEALTH_PORT").get("value")).isEqualTo(port(worker, "health"));
    assertThat((String) at(worker, "livenessProbe.httpGet.path")).isEqualTo("/healthz/live");
    assertThat((String) at(worker, "readinessProbe.httpGet.path")).isEqualTo("/healthz/ready");
    // The paths the worker's health server really serves.
    String health = Files.readString(Helm.home().resolve("workflows/src/main/java/io/truelift/workflows/WorkerHealth.java"));
    assertThat(health).contains("\"/healthz/live\"").contains("\"/healthz/ready\"");
  }

  private static String port(Map<String, Object> container, String name) {
    return list(container, "ports").stream()
        .filter(p -> name.equals(p.get("name")))
        .map(p -> String.valueOf(p.get("containerPort")))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void secretsOnlyEverComeFromExistingSecrets(String name, String[] args) {
    Rendered r = Rendered.template(args);
    assertThat(r.kind("Secret")).as("the chart creates no Secret").isEmpty();
    List<Map<String, Object>> containers = new ArrayList<>();
    r.kind("Deployment").forEach(d -> containers.addAll(list(podSpec(d), "containers")));
    r.kind("Job").forEach(d -> containers.addAll(list(podSpec(d), "containers")));
    r.kind("CronJob").forEach(d -> containers.addAll(list(podSpec(d), "containers")));
    r.kind("FlinkDeployment").forEach(f -> {
      containers.addAll(list(at(f, "spec.jobManager.podTemplate.spec"), "containers"));
      containers.addAll(list(at(f, "spec.taskManager.podTemplate.spec"), "containers"));
    });
    for (Map<String, Object> c : containers) {
      for (Map<String, Object> e : list(c, "env")) {
        String n = (String) e.get("name");
        if (SECRET_NAME.matcher(n).matches() && !n.equals("GOOGLE_APPLICATION_CREDENTIALS")) {
          assertThat((Object) at(e, "valueFrom.secretKeyRef.name")).as("%s of %s comes from a Secret", n, c.get("name")).isNotNull();
          assertThat(e).as(n).doesNotContainKey("value");
        }
      }
    }
    for (Map<String, Object> d : r.docs) {
      assertThat(d.toString()).doesNotContainIgnoringCase("password=");
    }
  }

  @Test
  void databaseGeminiKafkaAndTemporalSecretsAreMountedFromTheirSecrets() {
    Rendered r = Rendered.template(file(FULL));
    Map<String, Object> workerPod = podSpec(r.get("Deployment", "worker"));
    Map<String, Map<String, Object>> env = env(container(workerPod, "worker"));
    assertThat((String) at(env.get("TRUELIFT_JDBC_PASSWORD"), "valueFrom.secretKeyRef.name")).isEqualTo("truelift-db");
    assertThat((String) at(env.get("TRUELIFT_JDBC_USER"), "valueFrom.secretKeyRef.key")).isEqualTo("username");
    assertThat((String) at(env.get("GEMINI_API_KEY"), "valueFrom.secretKeyRef.name")).isEqualTo("truelift-gemini");
    assertThat(env.get("TRUELIFT_KAFKA_CLIENT_PROPERTIES").get("value")).isEqualTo("/etc/truelift/kafka/client.properties");
    assertThat(env.get("TEMPORAL_TLS_CLIENT_CERT_PATH").get("value")).isEqualTo("/etc/truelift/temporal/tls.crt");
    assertThat(env.get("TEMPORAL_TLS_SERVER_CA_CERT_PATH").get("value")).isEqualTo("/etc/truelift/temporal/ca.crt");
    assertThat(list(workerPod, "volumes"))
        .extracting(v -> v.get("name") + "=" + at(v, "secret.secretName"))
        .contains("kafka-client=truelift-kafka-client", "temporal-tls=truelift-temporal-tls");

    // A Temporal Cloud API key reaches the worker and the API from its Secret, never as a value.
    for (String component : List.of("worker", "api")) {
      Map<String, Map<String, Object>> cloud =
          env(container(podSpec(Rendered.template(file(DATAFLOW)).get("Deployment", component)), component));
      assertThat((String) at(cloud.get("TEMPORAL_API_KEY"), "valueFrom.secretKeyRef.name"))
          .as(component).isEqualTo("truelift-temporal-api-key");
      assertThat((String) at(cloud.get("TEMPORAL_API_KEY"), "valueFrom.secretKeyRef.key")).isEqualTo("api-key");
    }
    assertThat(env).doesNotContainKey("TEMPORAL_API_KEY");
    // The API publishes the user-actions audit stream to the configured topic.
    Map<String, Map<String, Object>> apiEnv = env(container(podSpec(r.get("Deployment", "api")), "api"));
    assertThat(apiEnv.get("TRUELIFT_USER_ACTIONS_TOPIC").get("value")).isEqualTo("user-actions");

    // Without a Gemini key the worker gets none: the deterministic analyst writes the analysis.
    Map<String, Map<String, Object>> minimal = env(container(podSpec(Rendered.template(MINIMAL).get("Deployment", "worker")), "worker"));
    assertThat(minimal).doesNotContainKeys("GEMINI_API_KEY", "TRUELIFT_KAFKA_CLIENT_PROPERTIES", "TEMPORAL_TLS");

    // BigQuery and GCP credentials reach the pipeline.
    Map<String, Object> jm = at(r.get("FlinkDeployment", "pipeline"), "spec.jobManager.podTemplate.spec");
    Map<String, Map<String, Object>> pipelineEnv = env(container(jm, "flink-main-container"));
    assertThat(pipelineEnv.get("GOOGLE_APPLICATION_CREDENTIALS").get("value")).isEqualTo("/etc/truelift/gcp/credentials.json");
    assertThat(pipelineEnv.get("TRUELIFT_BIGQUERY_DATASET").get("value")).isEqualTo("truelift");
    assertThat(pipelineEnv.get("TRUELIFT_BIGQUERY_PROJECT").get("value")).isEqualTo("acme-retail");
  }

  /** Each env var a process reads (found in its source) is set by the chart for that process. */
  @Test
  void theChartSetsTheVariablesEachProcessReads() throws IOException {
    Rendered r = Rendered.template(file(FULL));
    Set<String> api = env(container(podSpec(r.get("Deployment", "api")), "api")).keySet();
    Set<String> worker = env(container(podSpec(r.get("Deployment", "worker")), "worker")).keySet();
    Set<String> simulator = env(container(podSpec(r.get("Deployment", "simulator")), "simulator")).keySet();
    Map<String, Object> flink = r.get("FlinkDeployment", "pipeline");
    Set<String> pipeline = env(container(at(flink, "spec.jobManager.podTemplate.spec"), "flink-main-container")).keySet();
    Set<String> taskManager = env(container(at(flink, "spec.taskManager.podTemplate.spec"), "flink-main-container")).keySet();
    Set<String> dataflowLauncher =
        env(container(podSpec(Rendered.template(file(DATAFLOW, "--set", "bigquery.enabled=true", "--set", "bigquery.dataset=tl"))
            .kind("Job").findFirst().orElseThrow()), "launch")).keySet();
    Set<String> initialModel = env(container(podSpec(r.get("Job", "initial-model")), "train")).keySet();
    Set<String> catalogFeed = env(container(podSpec(r.get("Job", "catalog-feed")), "load-feed")).keySet();

    assertThat(api).containsAll(variables("api/config.yml", "\\$\\{([A-Z_]+)(?::-[^}]*)?}", Set.of("TRUELIFT_JDBC_DRIVER")));
    assertThat(worker)
        .containsAll(variables("workflows/src/main/java/io/truelift/workflows/TrueLiftWorker.java", "\"((?:TRUELIFT|TEMPORAL|KAFKA)_[A-Z_]+)\"", Set.of()));
    Set<String> pipelineReads =
        variables("beam-pipelines/src/main/java/io/truelift/pipelines/options/EnvDefaults.java", "\"((?:TRUELIFT|KAFKA)_[A-Z_]+)\"", Set.of());
    // The sinks' database and the model registry among them: without them no windowed_sales.
    assertThat(pipelineReads).contains("TRUELIFT_JDBC_URL", "TRUELIFT_JDBC_USER", "TRUELIFT_JDBC_PASSWORD");
    assertThat(pipeline).containsAll(pipelineReads);
    assertThat(taskManager).containsAll(pipelineReads);
    assertThat(dataflowLauncher).containsAll(pipelineReads);
    assertThat(initialModel)
        .containsAll(variables("beam-pipelines/src/main/java/io/truelift/pipelines/training/TrainBaseline.java", "\"(TRUELIFT_[A-Z_]+)\"", Set.of()));
    assertThat(simulator)
        .containsAll(variables("simulator/src/main/java/io/truelift/simulator/SimulatorOptions.java", "getOrDefault\\(\"([A-Z_]+)\"", Set.of()));
    assertThat(catalogFeed)
        .containsAll(variables("sql/src/main/java/io/truelift/sql/FeedLoader.java", "\"(TRUELIFT_[A-Z_]+)\"", Set.of()));
  }

  /** The variables a source file reads, minus those the chart leaves at their default on purpose. */
  private static Set<String> variables(String file, String regex, Set<String> leftAtDefault) throws IOException {
    Matcher m = Pattern.compile(regex).matcher(Files.readString(Helm.home().resolve(file)));
    Set<String> names = new TreeSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).as("variables found in %s", file).isNotEmpty();
    names.removeAll(leftAtDefault);
    return names;
  }

  /**
   * The registry's artifact URIs are file paths under the models claim: every pod that writes or
   * loads a model mounts it at the path the worker trains into; a fresh install gets a first
   * ACTIVE model from a hook before the pipeline starts. Without the claim no pod can load a model,
   * and the pipeline is told to use its labelled fallback rather than fail on the registry.
   */
  @Test
  void theModelsClaimReachesEveryModelReaderAndAHookActivatesAFirstModel() throws IOException {
    Rendered r = Rendered.template(file(FULL));
    Map<String, Object> worker = container(podSpec(r.get("Deployment", "worker")), "worker");
    String dir = (String) env(worker).get("TRUELIFT_MODEL_DIR").get("value");
    Map<String, Object> flink = r.get("FlinkDeployment", "pipeline");
    Map<String, Object> hook = podSpec(r.get("Job", "initial-model"));
    Map<String, Map<String, Object>> pods =
        Map.of(
            "worker", podSpec(r.get("Deployment", "worker")),
            "api", podSpec(r.get("Deployment", "api")),
            "jobManager", at(flink, "spec.jobManager.podTemplate.spec"),
            "taskManager", at(flink, "spec.taskManager.podTemplate.spec"),
            "initial-model", hook);
    Set<String> writers = Set.of("worker", "initial-model");
    pods.forEach(
        (name, pod) -> {
          assertThat(list(pod, "volumes"))
              .as(name)
              .anyMatch(v -> "models".equals(v.get("name")) && "truelift-models".equals(at(v, "persistentVolumeClaim.claimName")));
          Map<String, Object> mount =
              list(list(pod, "containers").get(0), "volumeMounts").stream()
                  .filter(m -> "models".equals(m.get("name")))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError(name + " does not mount the models claim"));
          assertThat(mount.get("mountPath")).as(name).isEqualTo(dir);
          assertThat(mount.get("readOnly")).as(name + " read-only").isEqualTo(!writers.contains(name));
        });
    assertThat((List<String>) at(flink, "spec.job.args")).noneMatch(a -> a.startsWith("--modelRegistryUrl"));

    // The hook: before install and upgrade, only once a model is missing, on the pipeline's history.
    Map<String, String> annotations = at(r.get("Job", "initial-model"), "metadata.annotations");
    assertThat(annotations).containsEntry("helm.sh/hook", "pre-install,pre-upgrade");
    assertThat(annotations.get("helm.sh/hook-delete-policy")).contains("before-hook-creation");
    assertThat((Object) hook.get("serviceAccountName")).as("the chart's accounts do not exist yet").isNull();
    Map<String, Object> train = container(hook, "train");
    assertThat((String) train.get("image")).isEqualTo("truelift/pipeline:0.1.0");
    assertThat((List<String>) train.get("command"))
        .containsExactly("java", "@/app/jvm.args", "io.truelift.pipelines.training.TrainBaseline");
    assertThat((List<String>) train.get("args"))
        .containsExactly("--history=/data/history/history.jsonl", "--artifactDir=" + dir, "--migrate=true", "--ifNoActive=true", "--activate=true");
    assertThat(list(hook, "initContainers")).extracting(c -> c.get("name")).containsExactly("generate-history");
    assertThat(Files.readString(Helm.home().resolve("images/pipeline/Dockerfile")))
        .as("the launcher image's java command")
        .contains("ENTRYPOINT [\"java\", \"@/app/jvm.args\",");
    String trainer =
        Files.readString(Helm.home().resolve("beam-pipelines/src/main/java/io/truelift/pipelines/training/TrainBaseline.java"));
    for (String flag : List.of("history", "artifactDir", "migrate", "ifNoActive", "activate")) {
      assertThat(trainer).as("TrainBaseline reads --%s", flag).contains("\"" + flag + "\"");
    }
    assertThat(Rendered.template(file(FULL, "--set", "worker.retraining.initialModel.enabled=false")).has("Job", "initial-model")).isFalse();

    // No claim: nothing mounts it, no hook, and the pipeline's registry is switched off.
    Rendered none = Rendered.template(MINIMAL);
    assertThat(none.kind("Job")).isEmpty();
    for (Map<String, Object> d : none.docs) {
      assertThat(d.toString()).doesNotContain("claimName=truelift-models").doesNotContain("/var/lib/truelift/models");
    }
    assertThat((List<String>) at(none.get("FlinkDeployment", "pipeline"), "spec.job.args")).contains("--modelRegistryUrl=");
  }

  /** The Dataflow launch passes the database to main (its sinks); its workers cannot load models. */
  @Test
  void theDataflowLaunchGetsTheDatabaseButNoModelRegistry() {
    Map<String, Object> launch =
        container(podSpec(Rendered.template(file(DATAFLOW, "--set", "worker.retraining.modelsClaim=truelift-models")).kind("Job")
            .filter(j -> !((String) at(j, "metadata.name")).endsWith("initial-model")).findFirst().orElseThrow()), "launch");
    Map<String, Map<String, Object>> env = env(launch);
    assertThat(env.get("TRUELIFT_JDBC_URL").get("value")).isEqualTo("jdbc:postgresql://10.0.0.6:5432/truelift");
    assertThat((String) at(env.get("TRUELIFT_JDBC_PASSWORD"), "valueFrom.secretKeyRef.name")).isEqualTo("truelift-db");
    assertThat((List<String>) launch.get("args")).contains("--modelRegistryUrl=").noneMatch(a -> a.startsWith("--jdbc"));
  }

  @Test
  void autoscalersAndDisruptionBudgetsFollowTheValues() {
    Rendered on = Rendered.template(MINIMAL);
    for (String component : List.of("api", "worker")) {
      Map<String, Object> hpa = on.get("HorizontalPodAutoscaler", component);
      assertThat((String) at(hpa, "spec.scaleTargetRef.name")).isEqualTo(Rendered.RELEASE + "-truelift-" + component);
      assertThat((Integer) at(hpa, "spec.minReplicas")).isEqualTo(2);
      assertThat((Integer) at(hpa, "spec.metrics.0.resource.target.averageUtilization")).isEqualTo(70);
      // With an autoscaler the Deployment leaves replicas to it (no fight on every upgrade).
      assertThat((Object) at(on.get("Deployment", component), "spec.replicas")).isNull();
      Map<String, Object> pdb = on.get("PodDisruptionBudget", component);
      assertThat((Integer) at(pdb, "spec.minAvailable")).isEqualTo(1);
      assertThat((Map<String, Object>) at(pdb, "spec.selector.matchLabels"))
          .isEqualTo(at(on.get("Deployment", component), "spec.selector.matchLabels"));
    }

    Rendered off =
        Rendered.template(
            with(MINIMAL,
                "--set", "api.autoscaling.enabled=false", "--set", "api.replicaCount=3",
                "--set", "worker.autoscaling.enabled=false", "--set", "worker.pdb.enabled=false"));
    assertThat(off.kind("HorizontalPodAutoscaler")).isEmpty();
    assertThat((Integer) at(off.get("Deployment", "api"), "spec.replicas")).isEqualTo(3);
    assertThat(off.has("PodDisruptionBudget", "api")).isTrue();
    assertThat(off.has("PodDisruptionBudget", "worker")).isFalse();
  }

  @Test
  void flinkRunnerRendersAFlinkDeploymentAndNoLaunchJob() {
    Rendered r = Rendered.template(file(FULL));
    assertThat(r.kind("Job")).extracting(j -> (String) at(j, "metadata.name"))
        .containsExactlyInAnyOrder("tl-truelift-initial-model", "tl-truelift-catalog-feed");
    Map<String, Object> f = r.get("FlinkDeployment", "pipeline");
    assertThat((String) f.get("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
    assertThat((String) at(f, "spec.job.jarURI")).isEqualTo("local:///opt/flink/usrlib/truelift-beam-pipelines.jar");
    assertThat((String) at(f, "spec.job.entryClass")).isEqualTo("io.truelift.pipelines.CannibalizationPipeline");
    assertThat((Integer) at(f, "spec.job.parallelism")).isEqualTo(2);
    assertThat((String) at(f, "spec.job.upgradeMode")).isEqualTo("savepoint");
    assertThat((List<String>) at(f, "spec.job.args"))
        .contains("--runner=FlinkRunner", "--flinkMaster=[auto]", "--streaming=true", "--parallelism=2",
            "--checkpointingInterval=60000", "--bootstrapServers=kafka-0.kafka:9093,kafka-1.kafka:9093",
            "--historyFile=/data/history/history.jsonl", "--cusumThreshold=6", "--windowMinutes=1");
    Map<String, String> conf = at(f, "spec.flinkConfiguration");
    assertThat(conf)
        .containsEntry("state.savepoints.dir", "gs://acme-truelift/savepoints")
        .containsEntry("state.checkpoints.dir", "gs://acme-truelift/checkpoints")
        .containsEntry("high-availability.type", "kubernetes")
        .containsEntry("taskmanager.numberOfTaskSlots", "2");
    // Only the JobManager runs main: it alone generates and mounts the history.
    Map<String, Object> jm = at(f, "spec.jobManager.podTemplate.spec");
    Map<String, Object> tm = at(f, "spec.taskManager.podTemplate.spec");
    assertThat(list(jm, "initContainers")).extracting(c -> c.get("name")).containsExactly("generate-history");
    assertThat(list(tm, "initContainers")).isEmpty();
    assertThat(list(container(jm, "flink-main-container"), "volumeMounts")).anyMatch(m -> "/data/history".equals(m.get("mountPath")));
    // The JobManager's service account may manage its TaskManager pods.
    String sa = at(f, "spec.serviceAccount");
    assertThat(r.get("ServiceAccount", "flink")).isNotNull();
    assertThat((String) at(r.get("RoleBinding", "flink"), "subjects.0.name")).isEqualTo(sa);
    assertThat((String) at(r.get("RoleBinding", "flink"), "subjects.0.namespace")).isEqualTo("retail");
    assertThat(r.has("ServiceAccount", "pipeline")).isFalse();

    Map<String, String> stateless =
        at(Rendered.template(MINIMAL).get("FlinkDeployment", "pipeline"), "spec.flinkConfiguration");
    assertThat(stateless).doesNotContainKeys("high-availability.type", "state.savepoints.dir");
  }

  @Test
  void dataflowRunnerRendersALaunchJobAndNoFlinkDeployment() {
    Rendered r = Rendered.template(file(DATAFLOW));
    assertThat(r.kind("FlinkDeployment")).isEmpty();
    assertThat(r.has("Role", "flink")).isFalse();
    List<Map<String, Object>> jobs = r.kind("Job").toList();
    assertThat(jobs).hasSize(1);
    Map<String, Object> pod = podSpec(jobs.get(0));
    assertThat((String) pod.get("restartPolicy")).isEqualTo("Never");
    Map<String, Object> launch = container(pod, "launch");
    assertThat((String) launch.get("image")).isEqualTo("truelift/pipeline:0.1.0");
    assertThat((List<String>) launch.get("args"))
        .contains("--runner=DataflowRunner", "--project=acme-retail", "--region=europe-west1",
            "--jobName=tl-truelift-detection", "--tempLocation=gs://acme-truelift/tmp", "--streaming=true",
            "--usePublicIps=false", "--serviceAccount=dataflow-worker@acme-retail.iam.gserviceaccount.com",
            "--historyFile=/data/history/history.jsonl")
        .doesNotContain("--update");
    // History from the existing claim, read-only; no generator.
    assertThat(list(pod, "initContainers")).isEmpty();
    assertThat(list(pod, "volumes")).anyMatch(v -> "truelift-history".equals(at(v, "persistentVolumeClaim.claimName")));
    Map<String, String> annotations = at(r.get("ServiceAccount", "pipeline"), "metadata.annotations");
    assertThat(annotations).containsKey("iam.gke.io/gcp-service-account");

    // An upgrade updates the running job in place, through a new (immutable) Job.
    Rendered upgrade = Rendered.template(file(DATAFLOW, "--is-upgrade"));
    Map<String, Object> job = upgrade.kind("Job").findFirst().orElseThrow();
    assertThat((List<String>) container(podSpec(job), "launch").get("args")).contains("--update");
    assertThat((String) at(job, "metadata.name")).isNotEqualTo(at(jobs.get(0), "metadata.name")).startsWith("tl-truelift-dataflow-launch-");
  }

  @Test
  void flexTemplateLauncherRunsGcloudWithEscapedParameters() {
    Rendered r =
        Rendered.template(
            file(DATAFLOW,
                "--set", "kafka.bootstrapServers=k1:9092\\,k2:9092",
                "--set", "pipeline.dataflow.launcher=flexTemplate",
                "--set", "pipeline.dataflow.templateFileGcsLocation=gs://acme/templates/truelift.json",
                "--set", "pipeline.options.historyFile=/template/history.jsonl"));
    Map<String, Object> launch = container(podSpec(r.kind("Job").findFirst().orElseThrow()), "launch");
    assertThat((List<String>) launch.get("command")).containsExactly("gcloud");
    assertThat((List<String>) launch.get("args"))
        .startsWith("dataflow", "flex-template", "run", "tl-truelift-detection")
        .contains("--template-file-gcs-location=gs://acme/templates/truelift.json", "--disable-public-ips",
            "--enable-streaming-engine", "--parameters=^~^bootstrapServers=k1:9092,k2:9092~historyFile=/template/history.jsonl");
    assertThat(env(launch).get("CLOUDSDK_CONFIG").get("value")).isEqualTo("/tmp/gcloud");
  }

  @Test
  void imageTagsFallBackToTheAppVersionAndTakeTheRegistry() throws IOException {
    String appVersion =
        Files.readAllLines(Helm.chart().resolve("Chart.yaml")).stream()
            .filter(l -> l.startsWith("appVersion:"))
            .map(l -> l.replaceAll("appVersion:\\s*\"?([^\"]+)\"?", "$1"))
            .findFirst()
            .orElseThrow();
    Rendered r = Rendered.template(with(MINIMAL, "--set", "global.imageRegistry=registry.acme/truelift/", "--set", "worker.image.tag=1.2.3"));
    assertThat((String) container(podSpec(r.get("Deployment", "api")), "api").get("image"))
        .isEqualTo("registry.acme/truelift/truelift/api:" + appVersion);
    assertThat((String) container(podSpec(r.get("Deployment", "worker")), "worker").get("image"))
        .isEqualTo("registry.acme/truelift/truelift/worker:1.2.3");
    assertThat((String) at(r.get("FlinkDeployment", "pipeline"), "spec.image"))
        .isEqualTo("registry.acme/truelift/truelift/pipeline-flink:" + appVersion);
  }

  /**
   * The catalog feed: off by default; enabled, a post-install/post-upgrade hook Job runs FeedLoader
   * with --migrate on the mounted feed directory, the database from the shared Secret, in the
   * launcher image (whose classpath holds the sql module); a CronJob on the schedule runs the same
   * pod. The claim (with its path) or the ConfigMap is mounted read-only where the args point.
   */
  @Test
  void theCatalogFeedLoadsAfterInstallAndUpgradeAndOnItsSchedule() throws IOException {
    Rendered r = Rendered.template(file(FULL));
    Map<String, Object> job = r.get("Job", "catalog-feed");
    Map<String, String> annotations = at(job, "metadata.annotations");
    assertThat(annotations).containsEntry("helm.sh/hook", "post-install,post-upgrade");
    assertThat(annotations.get("helm.sh/hook-delete-policy")).isEqualTo("before-hook-creation,hook-succeeded");
    assertThat((Integer) at(job, "spec.backoffLimit")).isEqualTo(2);
    Map<String, Object> pod = podSpec(job);
    assertThat((String) pod.get("restartPolicy")).isEqualTo("Never");
    Map<String, Object> load = container(pod, "load-feed");
    assertThat((String) load.get("image")).isEqualTo("truelift/pipeline:0.1.0");
    assertThat((List<String>) load.get("command")).containsExactly("java", "@/app/jvm.args", "io.truelift.sql.FeedLoader");
    assertThat((List<String>) load.get("args")).containsExactly("--migrate", "/data/feed/truelift/feed");
    Map<String, Map<String, Object>> env = env(load);
    assertThat(env.get("TRUELIFT_JDBC_URL").get("value")).isEqualTo("jdbc:postgresql://postgres.db:5432/truelift?sslmode=require&socketTimeout=30");
    assertThat((String) at(env.get("TRUELIFT_JDBC_USER"), "valueFrom.secretKeyRef.name")).isEqualTo("truelift-db");
    assertThat((String) at(env.get("TRUELIFT_JDBC_PASSWORD"), "valueFrom.secretKeyRef.key")).isEqualTo("password");
    assertThat(env.get("JAVA_TOOL_OPTIONS").get("value")).isEqualTo("-XX:MaxRAMPercentage=75");
    assertThat(list(load, "volumeMounts"))
        .anyMatch(m -> "feed".equals(m.get("name")) && "/data/feed".equals(m.get("mountPath")) && Boolean.TRUE.equals(m.get("readOnly")));
    assertThat(list(pod, "volumes"))
        .anyMatch(v -> "feed".equals(v.get("name")) && "retail-exports".equals(at(v, "persistentVolumeClaim.claimName"))
            && Boolean.TRUE.equals(at(v, "persistentVolumeClaim.readOnly")));

    // The CronJob: the schedule and time zone, never two loads at once, the same pod as the hook.
    Map<String, Object> cron = r.get("CronJob", "catalog-feed");
    assertThat((String) at(cron, "spec.schedule")).isEqualTo("30 5 * * *");
    assertThat((String) at(cron, "spec.timeZone")).isEqualTo("Europe/Paris");
    assertThat((String) at(cron, "spec.concurrencyPolicy")).isEqualTo("Forbid");
    assertThat((Integer) at(cron, "spec.jobTemplate.spec.backoffLimit")).isEqualTo(2);
    assertThat(podSpec(cron)).isEqualTo(pod);
    assertThat(((String) at(cron, "metadata.name")).length()).isLessThanOrEqualTo(52);
    // No schedule: the hook alone.
    Rendered once = Rendered.template(file(FULL, "--set", "catalogFeed.schedule="));
    assertThat(once.has("Job", "catalog-feed")).isTrue();
    assertThat(once.kind("CronJob")).isEmpty();

    // A ConfigMap (small catalogs): mounted whole, its keys are the two files; no CronJob.
    Rendered cm = Rendered.template(with(MINIMAL, CONFIG_MAP_FEED));
    Map<String, Object> cmPod = podSpec(cm.get("Job", "catalog-feed"));
    assertThat((List<String>) container(cmPod, "load-feed").get("args")).containsExactly("--migrate", "/data/feed");
    assertThat(list(cmPod, "volumes")).anyMatch(v -> "feed".equals(v.get("name")) && "truelift-feed".equals(at(v, "configMap.name")));
    assertThat(list(cmPod, "volumes")).noneMatch(v -> v.containsKey("persistentVolumeClaim"));
    assertThat(cm.kind("CronJob")).isEmpty();
    // A claim without a path: its root.
    Rendered root = Rendered.template(with(MINIMAL, "--set", "catalogFeed.enabled=true", "--set", "catalogFeed.existingClaim=c"));
    assertThat((List<String>) container(podSpec(root.get("Job", "catalog-feed")), "load-feed").get("args"))
        .containsExactly("--migrate", "/data/feed");

    // What the args rely on: FeedLoader reads --migrate and the TRUELIFT_JDBC_* defaults, and the
    // launcher image's module has the sql module (and the PostgreSQL driver) at run time.
    String loader = Files.readString(Helm.home().resolve("sql/src/main/java/io/truelift/sql/FeedLoader.java"));
    assertThat(loader).contains("\"--migrate\"", "\"TRUELIFT_JDBC_URL\"", "\"TRUELIFT_JDBC_PASSWORD\"", "public static void main(String[] args)");
    String dockerfile = Files.readString(Helm.home().resolve("images/pipeline/Dockerfile"));
    assertThat(dockerfile).contains("mvn -B -ntp -pl beam-pipelines -am package").contains("ENTRYPOINT [\"java\", \"@/app/jvm.args\",");
    String pom = Files.readString(Helm.home().resolve("beam-pipelines/pom.xml"));
    for (String artifact : List.of("truelift-sql", "postgresql")) {
      String dep =
          Stream.of(pom.split("</dependency>"))
              .filter(d -> d.contains("<artifactId>" + artifact + "</artifactId>"))
              .map(d -> d.substring(d.lastIndexOf("<dependency>")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("beam-pipelines does not depend on " + artifact));
      assertThat(dep).as("%s is on the launcher's run-time classpath", artifact)
          .doesNotContain("<scope>test</scope>").doesNotContain("<scope>provided</scope>");
    }
  }

  @Test
  void optionalPartsAreOffByDefault() {
    Rendered r = Rendered.template(MINIMAL);
    assertThat(r.kind("Ingress")).isEmpty();
    assertThat(r.kind("NetworkPolicy")).isEmpty();
    assertThat(r.has("Deployment", "simulator")).isFalse();
    assertThat(r.has("Job", "catalog-feed")).isFalse();
    assertThat(r.kind("CronJob")).isEmpty();
    Rendered none = Rendered.template(with(MINIMAL, "--set", "pipeline.enabled=false"));
    assertThat(none.kind("FlinkDeployment")).isEmpty();
    assertThat(none.kind("Job")).isEmpty();
  }

  @Test
  void networkPoliciesDenyIngressExceptTheOpenings() {
    Rendered r = Rendered.template(file(FULL));
    Map<String, Object> deny = r.get("NetworkPolicy", "default-deny");
    assertThat((List<String>) at(deny, "spec.policyTypes")).containsExactly("Ingress");
    assertThat((Object) at(deny, "spec.ingress")).isNull();
    Map<String, Object> api = r.get("NetworkPolicy", "api");
    assertThat(list(api, "spec.ingress")).extracting(i -> at(i, "ports.0.port")).containsExactly("http", "admin");
    assertThat(r.has("NetworkPolicy", "worker")).isTrue();
    assertThat(r.has("NetworkPolicy", "pipeline")).isTrue();
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(new String[] {"--set", "kafka.bootstrapServers="}, "kafka.bootstrapServers must be host:port[,host:port...], got \"\""),
        Arguments.of(new String[] {"--set", "kafka.bootstrapServers=kafka"}, "kafka.bootstrapServers must be host:port[,host:port...], got \"kafka\""),
        Arguments.of(new String[] {"--set", "temporal.address=temporal"}, "temporal.address must be host:port (the Temporal frontend), got \"temporal\""),
        Arguments.of(new String[] {"--set", "database.jdbcUrl=jdbc:h2:mem:x"}, "database.jdbcUrl must be a PostgreSQL JDBC URL"),
        Arguments.of(new String[] {"--set", "database.jdbcUrl=jdbc:postgresql://db/x?password=hunter2"}, "database.jdbcUrl must not contain a password"),
        Arguments.of(new String[] {"--set", "database.existingSecret="}, "database.existingSecret is required"),
        Arguments.of(new String[] {"--set", "temporal.tls.enabled=true"}, "temporal.tls.enabled needs temporal.tls.existingSecret"),
        Arguments.of(new String[] {"--set", "api.autoscaling.minReplicas=5", "--set", "api.autoscaling.maxReplicas=3"}, "api.autoscaling.minReplicas (5) must be <= maxReplicas (3)"),
        Arguments.of(new String[] {"--set", "worker.pdb.minAvailable=2"}, "worker.pdb.minAvailable (2) must be below the smallest replica count (2)"),
        Arguments.of(new String[] {"--set", "api.databasePool.minSize=20"}, "api.databasePool.minSize (20) must be <= maxSize (16)"),
        Arguments.of(new String[] {"--set", "api.ingress.enabled=true"}, "api.ingress.host is required"),
        Arguments.of(new String[] {"--set", "pipeline.flink.upgradeMode=savepoint"}, "pipeline.flink.upgradeMode savepoint keeps state across upgrades and needs pipeline.flink.checkpointDir"),
        Arguments.of(new String[] {"--set", "pipeline.options.runner=DirectRunner"}, "pipeline.options.runner is set by the chart"),
        Arguments.of(new String[] {"--set", "pipeline.options.historyFile=/x"}, "pipeline.options.historyFile is set by the chart"),
        Arguments.of(new String[] {"--set", "pipeline.options.jdbcPassword=hunter2"}, "pipeline.options.jdbcPassword: passwords come from database.existingSecret"),
        Arguments.of(new String[] {"--set", "pipeline.options.modelRegistryUrl=jdbc:postgresql://db/x"}, "pipeline.options.modelRegistryUrl is set by the chart"),
        Arguments.of(
            new String[] {"--set", "api.enabled=false", "--set", "worker.enabled=false", "--set", "database.existingSecret="},
            "database.existingSecret is required"),
        Arguments.of(new String[] {"--set", "pipeline.history.source=existingClaim"}, "pipeline.history.existingClaim is required"),
        Arguments.of(new String[] {"--set", "pipeline.runner=dataflow"}, "pipeline.dataflow.region is required"),
        Arguments.of(new String[] {"--set", "pipeline.runner=dataflow", "--set", "pipeline.dataflow.region=r", "--set", "gcp.project=p", "--set", "pipeline.dataflow.tempLocation=/tmp"}, "pipeline.dataflow.tempLocation must be a gs:// path, got \"/tmp\""),
        Arguments.of(new String[] {"--set", "pipeline.runner=dataflow", "--set", "pipeline.dataflow.region=r", "--set", "pipeline.dataflow.tempLocation=gs://b/t"}, "pipeline.runner dataflow needs pipeline.dataflow.project or gcp.project"),
        Arguments.of(new String[] {"--set", "pipeline.runner=dataflow", "--set", "pipeline.dataflow.region=r", "--set", "gcp.project=p", "--set", "pipeline.dataflow.tempLocation=gs://b/t", "--set", "pipeline.dataflow.launcher=flexTemplate", "--set", "pipeline.dataflow.templateFileGcsLocation=gs://b/spec.json"}, "set pipeline.options.historyFile to a path readable there"),
        Arguments.of(new String[] {"--set", "bigquery.enabled=true"}, "bigquery.dataset is required when bigquery.enabled"),
        Arguments.of(new String[] {"--set", "api.env[0].name=DB_PASSWORD", "--set", "api.env[0].value=hunter2"}, "api.env: DB_PASSWORD is given as a literal value; secrets must come from an existing Secret"),
        Arguments.of(new String[] {"--set", "catalogFeed.enabled=true"}, "catalogFeed.existingClaim is required when catalogFeed.enabled and catalogFeed.source is existingClaim"),
        Arguments.of(new String[] {"--set", "catalogFeed.enabled=true", "--set", "catalogFeed.source=configMap"}, "catalogFeed.configMap is required when catalogFeed.enabled and catalogFeed.source is configMap"),
        Arguments.of(new String[] {"--set", "catalogFeed.enabled=true", "--set", "catalogFeed.existingClaim=c", "--set", "catalogFeed.path=/exports"}, "catalogFeed.path must be relative to the claim's root, without \"..\", got \"/exports\""),
        Arguments.of(new String[] {"--set", "catalogFeed.enabled=true", "--set", "catalogFeed.existingClaim=c", "--set", "catalogFeed.path=a/../../b"}, "catalogFeed.path must be relative to the claim's root, without \"..\", got \"a/../../b\""),
        Arguments.of(new String[] {"--set", "catalogFeed.enabled=true", "--set", "catalogFeed.source=configMap", "--set", "catalogFeed.configMap=f", "--set", "catalogFeed.path=x"}, "catalogFeed.path is a directory inside catalogFeed.existingClaim"),
        Arguments.of(new String[] {"--set", "catalogFeed.enabled=true", "--set", "catalogFeed.existingClaim=c", "--set", "catalogFeed.schedule=daily"}, "catalogFeed.schedule must be a cron expression of five fields (e.g. \"30 5 * * *\") or @daily, @hourly...; got \"daily\""),
        Arguments.of(
            new String[] {"--set", "api.enabled=false", "--set", "worker.enabled=false", "--set", "pipeline.enabled=false",
                "--set", "database.existingSecret=", "--set", "catalogFeed.enabled=true", "--set", "catalogFeed.existingClaim=c"},
            "database.existingSecret is required"),
        Arguments.of(new String[] {"--set", "catalogFeed.source=s3"}, "/catalogFeed/source"),
        Arguments.of(new String[] {"--set", "catalogFeed.claim=c"}, "additional properties 'claim' not allowed"),
        // values.schema.json: unknown keys and wrong types never pass silently.
        Arguments.of(new String[] {"--set", "api.replicas=3"}, "additional properties 'replicas' not allowed"),
        Arguments.of(new String[] {"--set", "pipeline.runner=spark"}, "/pipeline/runner"),
        Arguments.of(new String[] {"--set", "worker.healthPort=http"}, "/worker/healthPort"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void badValuesStopTheRenderWithAMessageNamingTheKey(String[] bad, String message) {
    assertThat(Rendered.failure(with(MINIMAL, bad))).contains(message);
  }

  /** Checks the FlinkDeployment against the operator's CRD (flink.apache.org/v1beta1, operator 1.13). */
  static void assertFlinkDeploymentShape(Map<String, Object> f) {
    Map<String, Object> spec = at(f, "spec");
    assertThat(spec.keySet())
        .isSubsetOf("image", "imagePullPolicy", "serviceAccount", "flinkVersion", "ingress", "podTemplate", "jobManager",
            "taskManager", "logConfiguration", "mode", "flinkConfiguration", "job", "restartNonce");
    assertThat((String) spec.get("flinkVersion")).matches("v1_(1[3-9]|20)|v2_[0-2]");
    assertThat((String) spec.get("mode")).isIn("native", "standalone");
    assertThat(((Map<String, Object>) spec.get("job")).keySet())
        .isSubsetOf("jarURI", "parallelism", "entryClass", "args", "state", "savepointTriggerNonce", "initialSavepointPath",
            "checkpointTriggerNonce", "upgradeMode", "allowNonRestoredState", "savepointRedeployNonce", "autoscalerResetNonce");
    assertThat((String) at(spec, "job.state")).isIn("running", "suspended");
    assertThat((String) at(spec, "job.upgradeMode")).isIn("stateless", "last-state", "savepoint");
    for (String role : List.of("jobManager", "taskManager")) {
      Map<String, Object> r = at(spec, role);
      assertThat(r.keySet()).isSubsetOf("resource", "replicas", "podTemplate");
      assertThat(((Map<String, Object>) r.get("resource")).keySet()).isSubsetOf("cpu", "memory", "ephemeralStorage");
      assertThat((Object) at(r, "resource.cpu")).isInstanceOf(Number.class);
      assertThat(Rendered.unknownPodFields(r.get("podTemplate"), role + ".podTemplate")).isEmpty();
      assertThat(list(at(r, "podTemplate.spec"), "containers")).extracting(c -> c.get("name")).containsExactly("flink-main-container");
    }
    Map<String, Object> conf = at(spec, "flinkConfiguration");
    conf.forEach((k, v) -> assertThat(v).as("flinkConfiguration %s is a string", k).isInstanceOf(String.class));
  }

  @Test
  void theFlinkJarUriIsWhereThePipelineImagePutsTheJar() throws IOException {
    String dockerfile = Files.readString(Helm.home().resolve("images/pipeline/Dockerfile"));
    String jarUri = at(Rendered.template(MINIMAL).get("FlinkDeployment", "pipeline"), "spec.job.jarURI");
    assertThat(dockerfile).contains(Path.of(jarUri.replace("local://", "")).toString());
  }

  /** STYLE.md section 7: every key of values.yaml has a comment (on the line above or its own). */
  @Test
  void everyValuesKeyIsCommented() throws IOException {
    List<String> lines = Files.readAllLines(Helm.chart().resolve("values.yaml"));
    List<String> bare = new ArrayList<>();
    Pattern key = Pattern.compile("^\\s*[A-Za-z][\\w.-]*:(.*)$");
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = key.matcher(lines.get(i));
      if (!m.matches() || m.group(1).contains("#")) {
        continue;
      }
      int j = i - 1;
      while (j >= 0 && lines.get(j).isBlank()) {
        j--;
      }
      if (j < 0 || !lines.get(j).strip().startsWith("#")) {
        bare.add((i + 1) + ": " + lines.get(i).strip());
      }
    }
    assertThat(bare).as("values.yaml keys without a comment").isEmpty();
  }
}
