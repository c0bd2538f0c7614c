package io.truelift.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifests {@code helm template} renders, parsed, with lookups by kind and name and a strict
 * reading into the Kubernetes API types that reports every field the API does not know.
 */
final class Rendered {
  static final String RELEASE = "tl";
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The Kubernetes type of each kind the chart renders (FlinkDeployment is checked apart). */
  static final Map<String, Class<?>> TYPES =
      Map.ofEntries(
          Map.entry("Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
          Map.entry("Service", io.fabric8.kubernetes.api.model.Service.class),
          Map.entry("ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
          Map.entry("HorizontalPodAutoscaler", io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
          Map.entry("PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
          Map.entry("NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
          Map.entry("Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
          Map.entry("Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
          Map.entry("CronJob", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
          Map.entry("Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
          Map.entry("RoleBinding", io.fabric8.kubernetes.api.model.rbac.RoleBinding.class));

  final List<Map<String, Object>> docs;

  private Rendered(List<Map<String, Object>> docs) {
    this.docs = docs;
  }

  static List<String> templateCommand(String... args) {
    List<String> command = new ArrayList<>(List.of("template", RELEASE, Helm.chart().toString(), "--namespace", "retail"));
    command.addAll(Arrays.asList(args));
    return command;
  }

  /** Renders with {@code args} (-f files, --set pairs); the render must succeed. */
  @SuppressWarnings("unchecked")
  static Rendered template(String... args) {
    Helm.Result r = Helm.helm(templateCommand(args));
    assertThat(r.exitCode()).as("helm template %s failed:\n%s", List.of(args), r.stderr()).isZero();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String doc : r.stdout().split("(?m)^---\\s*$")) {
      boolean content = doc.lines().anyMatch(l -> !l.isBlank() && !l.stripLeading().startsWith("#"));
      if (content) {
        docs.add(YAML.readValue(doc, Map.class));
      }
    }
    return new Rendered(docs);
  }

  /** Renders with {@code args}, which must fail; returns helm's error output. */
  static String failure(String... args) {
    Helm.Result r = Helm.helm(templateCommand(args));
    assertThat(r.exitCode()).as("helm template %s should fail but rendered", List.of(args)).isNotZero();
    return r.stderr();
  }

  Stream<Map<String, Object>> kind(String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind")));
  }

  /** The one object of {@code kind} named {@code <release>-truelift-<suffix>}. */
  Map<String, Object> get(String kind, String suffix) {
    String name = RELEASE + "-truelift-" + suffix;
    List<Map<String, Object>> found = kind(kind).filter(d -> name.equals(at(d, "metadata.name"))).toList();
    assertThat(found).as("%s %s in %s", kind, name, names()).hasSize(1);
    return found.get(0);
  }

  boolean has(String kind, String suffix) {
    String name = RELEASE + "-truelift-" + suffix;
    return kind(kind).anyMatch(d -> name.equals(at(d, "metadata.name")));
  }

  List<String> names() {
    return docs.stream().map(d -> d.get("kind") + "/" + at(d, "metadata.name")).toList();
  }

  /** A dotted path into nested maps and lists ({@code spec.template.spec.containers.0.env}). */
  @SuppressWarnings("unchecked")
  static <T> T at(Object node, String path) {
    Object o = node;
    for (String part : path.split("\\.")) {
      if (o == null) {
        return null;
      }
      if (o instanceof List<?> l) {
        int i = Integer.parseInt(part);
        o = i < l.size() ? l.get(i) : null;
      } else {
        o = ((Map<String, Object>) o).get(part);
      }
    }
    return (T) o;
  }

  static List<Map<String, Object>> list(Object node, String path) {
    List<Map<String, Object>> l = at(node, path);
    return l == null ? List.of() : l;
  }

  /** The pod spec of a Deployment or Job, or of the Jobs of a CronJob. */
  static Map<String, Object> podSpec(Map<String, Object> workload) {
    return "CronJob".equals(workload.get("kind")) ? at(workload, "spec.jobTemplate.spec.template.spec") : at(workload, "spec.template.spec");
  }

  static Map<String, Object> container(Map<String, Object> podSpec, String name) {
    return list(podSpec, "containers").stream()
        .filter(c -> name.equals(c.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name + " in " + podSpec.get("containers")));
  }

  /** Name to env entry of a container. */
  static Map<String, Map<String, Object>> env(Map<String, Object> container) {
    Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
    for (Map<String, Object> e : list(container, "env")) {
      assertThat(out.put((String) e.get("name"), e)).as("env %s set twice", e.get("name")).isNull();
    }
    return out;
  }

  /** Every field of every object that its Kubernetes API type does not know, as "path: field". */
  List<String> unknownFields() {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> d : docs) {
      String where = d.get("kind") + "/" + at(d, "metadata.name");
      Class<?> type = TYPES.get((String) d.get("kind"));
      if (type != null) {
        collectUnknown(JSON.convertValue(d, type), where, out);
      } else if (!"FlinkDeployment".equals(d.get("kind"))) {
        out.add(where + ": kind not checked by the tests");
      }
    }
    return out;
  }

  static List<String> unknownPodFields(Object pod, String where) {
    List<String> out = new ArrayList<>();
    collectUnknown(JSON.convertValue(pod, io.fabric8.kubernetes.api.model.Pod.class), where, out);
    return out;
  }

  private static void collectUnknown(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> collectUnknown(v, path + "." + k, out));
      return;
    }
    if (o instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        collectUnknown(l.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
        continue;
      }
      String n = m.getName();
      if (!(n.startsWith("get") || n.startsWith("is"))) {
        continue;
      }
      try {
        Object v = m.invoke(o);
        if (n.equals("getAdditionalProperties")) {
          if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
            out.add(path + ": " + extra.keySet());
          }
        } else {
          collectUnknown(v, path + "." + n.replaceFirst("^(get|is)", ""), out);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
