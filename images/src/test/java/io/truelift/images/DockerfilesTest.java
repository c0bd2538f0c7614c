package io.truelift.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.images.Dockerfile.Instruction;
import io.truelift.images.Dockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Dockerfiles, checked without a Docker engine: multi-stage, a Java 17 JRE (or Flink on Java
 * 17) at run time, a non-root user, an entrypoint whose main class exists in the module's build,
 * COPY sources that exist in the context and survive .dockerignore, and the image names the Helm
 * chart pulls.
 */
class DockerfilesTest {
  static final Path HOME = Path.of(System.getProperty("truelift.home", "..")).toAbsolutePath().normalize();

  /** One deployable: its Dockerfile, build target, module, main class and chart repository. */
  record Image(String name, String dockerfile, String target, String module, String mainClass, boolean flink, String repository) {
    Stage runtime(Dockerfile d) {
      return target == null ? d.last() : d.stage(target);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Image> IMAGES =
      List.of(
          new Image("api", "images/api/Dockerfile", null, "api", "io.truelift.api.TrueLiftApplication", false, "truelift/api"),
          new Image("worker", "images/worker/Dockerfile", null, "workflows", "io.truelift.workflows.TrueLiftWorker", false, "truelift/worker"),
          new Image("simulator", "images/simulator/Dockerfile", null, "simulator", "io.truelift.simulator.SimulatorMain", false, "truelift/simulator"),
          new Image("pipeline launcher", "images/pipeline/Dockerfile", "launcher", "beam-pipelines", "io.truelift.pipelines.CannibalizationPipeline", false, "truelift/pipeline"),
          new Image("pipeline on Flink", "images/pipeline/Dockerfile", "flink", "beam-pipelines", "io.truelift.pipelines.CannibalizationPipeline", true, "truelift/pipeline-flink"));

  static Stream<Image> images() {
    return IMAGES.stream();
  }

  @ParameterizedTest
  @MethodSource("images")
  void isMultiStageAndRunsOnAJava17RuntimeWithoutTheBuildTools(Image image) throws IOException {
    Dockerfile d = Dockerfile.read(HOME.resolve(image.dockerfile()));
    assertThat(d.stages()).hasSizeGreaterThanOrEqualTo(2);
    Stage runtime = image.runtime(d);
    if (image.flink()) {
      assertThat(runtime.image()).matches("flink:1\\.19[-.][\\w.-]*java17");
    } else {
      assertThat(runtime.image()).startsWith("eclipse-temurin:17-jre");
    }
    assertThat(runtime.all("RUN")).noneMatch(r -> r.args().contains("mvn") || r.args().contains("npm"));
    Stage build = d.stage("build");
    assertThat(build.image()).startsWith("maven:3.9-eclipse-temurin-17");
  }

  @ParameterizedTest
  @MethodSource("images")
  void runsAsANonRootUser(Image image) throws IOException {
    Stage runtime = image.runtime(Dockerfile.read(HOME.resolve(image.dockerfile())));
    Instruction user = runtime.last("USER");
    assertThat(user).as("USER in the runtime stage").isNotNull();
    String who = user.args().strip().split(":")[0];
    assertThat(who).isNotIn("root", "0");
    if (image.flink()) {
      assertThat(who).isEqualTo("flink"); // uid 9999 of the Flink image; the chart's runAsUser
    } else {
      // The user exists in the image, with the uid the chart's podSecurityContext names.
      assertThat(who).isEqualTo("10001");
      assertThat(runtime.all("RUN")).anyMatch(r -> r.args().contains("useradd") && r.args().contains("--uid 10001"));
      assertThat(Files.readString(HOME.resolve("helm/truelift/values.yaml"))).contains("runAsUser: 10001");
    }
  }

  @ParameterizedTest
  @MethodSource("images")
  void entrypointStartsAMainClassTheModuleBuilds(Image image) throws IOException {
    Dockerfile d = Dockerfile.read(HOME.resolve(image.dockerfile()));
    Stage runtime = image.runtime(d);
    String classFile = image.mainClass().replace('.', '/') + ".class";
    assertThat(HOME.resolve(image.module()).resolve("target/classes").resolve(classFile)).exists();
    try (JarFile jar = new JarFile(moduleJar(image.module()).toFile())) {
      assertThat(jar.getEntry(classFile)).as("%s in the %s jar", classFile, image.module()).isNotNull();
    }
    if (image.flink()) {
      // The operator starts Flink; the chart names the jar and entry class.
      String chart = Files.readString(HOME.resolve("helm/truelift/templates/pipeline-flink.yaml"));
      assertThat(chart).contains("entryClass: " + image.mainClass());
      assertThat(runtime.instructions()).noneMatch(i -> i.keyword().equals("ENTRYPOINT"));
    } else {
      assertThat(runtime.last("ENTRYPOINT").words()).containsExactly("java", "@/app/jvm.args", image.mainClass());
    }
    // The build stage packages this very module and lays it out with assemble.sh.
    String run = String.join("\n", d.stage("build").all("RUN").stream().map(Instruction::args).toList());
    assertThat(run).contains("-pl " + image.module() + " -am package");
    assertThat(run).contains("images/assemble.sh " + image.module() + " " + (image.flink() ? "/flink --flink" : "/app"));
  }

  @ParameterizedTest
  @MethodSource("images")
  void copiesOnlyWhatTheContextAndEarlierStagesHave(Image image) throws IOException {
    Dockerfile d = Dockerfile.read(HOME.resolve(image.dockerfile()));
    DockerIgnore ignore = new DockerIgnore(HOME.resolve(".dockerignore"));
    Set<String> stagesSoFar = new HashSet<>();
    for (Stage s : d.stages()) {
      for (Instruction copy : s.all("COPY")) {
        List<String> words = new ArrayList<>(copy.words());
        String from = null;
        while (words.get(0).startsWith("--")) {
          String flag = words.remove(0);
          if (flag.startsWith("--from=")) {
            from = flag.substring("--from=".length());
          }
        }
        List<String> sources = words.subList(0, words.size() - 1);
        if (from != null) {
          assertThat(stagesSoFar).as("COPY --from=%s in %s", from, image).contains(from);
          continue;
        }
        for (String src : sources) {
          assertThat(HOME.resolve(src)).as("COPY source %s of %s", src, image).exists();
          assertThat(ignore.excludes(src)).as("COPY source %s is in .dockerignore", src).isFalse();
        }
      }
      if (s.name() != null) {
        stagesSoFar.add(s.name());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("images")
  void buildCommandTagsTheRepositoryTheChartPulls(Image image) throws IOException {
    String dockerfile = Files.readString(HOME.resolve(image.dockerfile()));
    String targetFlag = image.target() == null ? "" : "--target " + image.target() + " ";
    assertThat(dockerfile).contains("docker build -f " + image.dockerfile() + " " + targetFlag + "-t " + image.repository() + ":");
    assertThat(Files.readString(HOME.resolve("helm/truelift/values.yaml"))).contains("repository: " + image.repository() + "\n");
  }

  @Test
  void theContextKeepsEveryModulePomAndDropsBuildOutput() throws IOException {
    DockerIgnore ignore = new DockerIgnore(HOME.resolve(".dockerignore"));
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(HOME.resolve("pom.xml")));
    int modules = 0;
    while (m.find()) {
      modules++;
      assertThat(ignore.excludes(m.group(1) + "/pom.xml")).as("%s/pom.xml reaches the build (the reactor reads it)", m.group(1)).isFalse();
      assertThat(ignore.excludes(m.group(1) + "/src/main/java/X.java")).isFalse();
    }
    assertThat(modules).isGreaterThan(5);
    assertThat(ignore.excludes("pom.xml")).isFalse();
    for (String gone : List.of("api/target/classes/x.class", "ui/node_modules/react/index.js", ".git/HEAD", ".truelift/logs/api.log", "target")) {
      assertThat(ignore.excludes(gone)).as(gone).isTrue();
    }
    assertThat(HOME.resolve("images/assemble.sh")).isExecutable();
  }

  static Path moduleJar(String module) throws IOException {
    try (Stream<Path> files = Files.list(HOME.resolve(module).resolve("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("truelift-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError(module + " is not packaged (no target/truelift-*.jar)"));
    }
  }
}
