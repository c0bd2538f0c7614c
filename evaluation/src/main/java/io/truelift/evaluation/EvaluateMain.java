package io.truelift.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.truelift.core.contracts.EventJson;
import io.truelift.pipelines.model.DetectionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./truelift evaluate}: runs the battery ({@link Battery}) through {@link ScenarioRunner}
 * and writes {@code report.md}, {@code report.json} and SVG plots with the figures.
 *
 * <pre>
 * EvaluateMain [--out DIR] [--size full|small] [--seed N] [--min-volume UNITS] [--scenarios a,b]
 * </pre>
 */
public final class EvaluateMain {
  private EvaluateMain() {}

  /** Options of one evaluation run. */
  public record Options(Path out, Battery.Size size, long seed, double minVolumeUnits, List<String> scenarios) {
    static Options parse(String[] args) {
      Path out = Path.of("target/evaluation");
      Battery.Size size = Battery.Size.FULL;
      long seed = 42;
      double minVolume = 100;
      List<String> scenarios = List.of();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--out" -> out = Path.of(v);
          case "--size" -> size = switch (v) {
            case "full" -> Battery.Size.FULL;
            case "small" -> Battery.Size.SMALL;
            default -> throw new IllegalArgumentException("--size must be full or small, got \"" + v + "\"");
          };
          case "--seed" -> seed = Long.parseLong(v);
          case "--min-volume" -> minVolume = Double.parseDouble(v);
          case "--scenarios" -> scenarios = Arrays.asList(v.split(","));
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return new Options(out, size, seed, minVolume, scenarios);
    }
  }

  /** All scenarios' outcomes and their summaries. */
  public record Report(Options options, Map<String, Object> models, List<Summary> summaries, List<PromotionOutcome> promotions) {
    public Summary overall() {
      return summaries.get(summaries.size() - 1);
    }
  }

  public static void main(String[] args) throws IOException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Report r = run(o);
    write(r);
    System.out.println(markdownTargets(r.overall()));
    System.out.println("Report: " + o.out().resolve("report.md").toAbsolutePath());
  }

  public static Report run(Options o) {
    DetectionSettings settings = DetectionSettings.defaults();
    List<PromotionOutcome> all = new ArrayList<>();
    List<Summary> summaries = new ArrayList<>();
    Map<String, Object> models = new LinkedHashMap<>();
    for (Scenario s : Battery.all(o.size(), o.seed())) {
      if (!o.scenarios().isEmpty() && !o.scenarios().contains(s.name())) {
        continue;
      }
      long t0 = System.nanoTime();
      ScenarioRunner.Result r = ScenarioRunner.run(s, settings, o.minVolumeUnits());
      all.addAll(r.promotions());
      Summary sum = Summary.of(s.name(), r.promotions());
      summaries.add(sum);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("description", s.description());
      m.put("rate", s.rate());
      m.put("trafficNoise", s.trafficNoise());
      m.put("historyEvents", r.historyEvents());
      m.put("liveEvents", r.liveEvents());
      m.put("model", r.model());
      m.put("liveBaselineBias", r.liveBaselineBias());
      m.put("seconds", (System.nanoTime() - t0) / 1e9);
      models.put(s.name(), m);
      System.out.printf(
          "%-12s %3d promotions (%3d with volume, %3d material): baseline bias %s, C bias %s MAPE %s cover %s | alerts TP %d FP %d FN %d | %.1f s%n",
          s.name(), sum.promotions(), sum.volumeOk(), sum.materialVolumeOk(), Summary.pct(r.liveBaselineBias()), Summary.pct(sum.cannibalizedBias()),
          Summary.pct(sum.cannibalizedMape()), Summary.pct(sum.cannibalizedCoverage90()), sum.truePositives(),
          sum.falsePositives(), sum.falseNegatives(), (System.nanoTime() - t0) / 1e9);
    }
    summaries.add(Summary.of("ALL except concurrent", all.stream().filter(p -> !p.scenario().equals("concurrent")).toList()));
    summaries.add(Summary.of("ALL", all));
    return new Report(o, models, summaries, all);
  }

  static String markdownTargets(Summary s) {
    StringBuilder sb = new StringBuilder("| target | measured | |\n|---|---|---|\n");
    for (String[] t : s.targets()) {
      sb.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
    }
    return sb.toString();
  }

  public static void write(Report r) throws IOException {
    Path out = r.options().out();
    Files.createDirectories(out);
    ObjectMapper json = EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("options", Map.of("size", r.options().size(), "seed", r.options().seed(), "minVolumeUnits", r.options().minVolumeUnits()));
    doc.put("detection", DetectionSettings.defaults());
    doc.put("scenarios", r.models());
    doc.put("summaries", r.summaries());
    doc.put("promotions", r.promotions());
    json.writeValue(out.resolve("report.json").toFile(), doc);

    List<Svg.Point> c = new ArrayList<>(), n = new ArrayList<>();
    List<Double> delays = new ArrayList<>();
    for (PromotionOutcome p : r.promotions()) {
      if (p.volumeOk() && p.seen() && p.substitutes() > 0) {
        boolean missed = !Summary.in(p.trueCannibalizedUnits(), p.estCannibalizedLower(), p.estCannibalizedUpper());
        c.add(new Svg.Point(p.trueCannibalizedUnits(), p.estCannibalizedUnits(), p.estCannibalizedLower(), p.estCannibalizedUpper(), missed));
        boolean nMissed = !Summary.in(p.trueNetUnits(), p.estNetLower(), p.estNetUpper());
        n.add(new Svg.Point(p.trueNetUnits(), p.estNetUnits(), p.estNetLower(), p.estNetUpper(), nMissed));
      }
      if (p.alerted() && p.material() && p.volumeOk()) {
        delays.add(p.delayMinutes());
      }
    }
    Files.writeString(out.resolve("cannibalized.svg"),
        Svg.scatter("Cannibalized units: estimate (90% interval) vs ground truth; red = truth outside", "true cannibalized units", "estimated", c));
    Files.writeString(out.resolve("net.svg"),
        Svg.scatter("Net incremental units: estimate (90% interval) vs ground truth", "true net units", "estimated", n));
    Files.writeString(out.resolve("delay.svg"),
        Svg.histogram("Detection delay of true alerts (minutes from promotion start)", "minutes", delays.stream().mapToDouble(Double::doubleValue).toArray(), 15));

    StringBuilder md = new StringBuilder();
    md.append("# TrueLift evaluation against the simulator's ground truth\n\n");
    md.append("Command: `./truelift evaluate --size %s --seed %d --min-volume %.0f`. Every figure below is computed by\n"
        .formatted(r.options().size() == Battery.Size.FULL ? "full" : "small", r.options().seed(), r.options().minVolumeUnits()));
    md.append("that command from the simulator's analytic truth (GroundTruth), never from event labels.\n\n");
    md.append("## Targets (all scenarios, promotions with enough expected volume)\n\n");
    md.append(markdownTargets(r.overall())).append('\n');
    Summary noConcurrent = r.summaries().get(r.summaries().size() - 2);
    md.append("## Targets without the concurrent scenario\n\n");
    md.append("Every promotion is scored against the simulator's *attributed* truth (GroundTruth.Attributed): the promoted\n"
        + "item against a category without promotions, and each non-promoted substitute's loss shared between the\n"
        + "promotions running at that moment by their true marginal effects on it - DESIGN.md's definition, which the\n"
        + "estimator follows; without overlapping promotions it equals the marginal truth. For concurrent promotions\n"
        + "the estimator shares each loss by *estimated* cross-effect (each promotion's recent lift, times its learned\n"
        + "diversion where every sharing promotion has a strongly supported one). Without the concurrent scenario:\n\n");
    md.append(markdownTargets(noConcurrent)).append('\n');
    md.append("## Per scenario\n\n");
    md.append("| scenario | promotions | with volume | material | C bias | C MAPE | N bias | N MAPE | C cover | G cover | N cover | precision (band) | recall (band) | false alarms /100 without cannibalization | precision (strict) | recall (strict) | false alarms /100 without material (strict) | borderline alerted | median delay (min) |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Summary s : r.summaries()) {
      md.append("| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s (%d/%d) | %s | %s | %s (%d/%d) | %d/%d | %s |\n".formatted(
          s.name(), s.promotions(), s.volumeOk(), s.materialVolumeOk(), Summary.pct(s.cannibalizedBias()),
          Summary.pct(s.cannibalizedMape()), Summary.pct(s.netBias()), Summary.pct(s.netMape()),
          Summary.pct(s.cannibalizedCoverage90()), Summary.pct(s.grossCoverage90()), Summary.pct(s.netCoverage90()),
          Summary.fmt(s.bandPrecision()), Summary.fmt(s.bandRecall()),
          Summary.fmt(s.falseAlarmsPer100WithoutAnyCannibalization()), s.falseAlarmsWithoutAnyCannibalization(), s.withoutAnyCannibalization(),
          Summary.fmt(s.precision()), Summary.fmt(s.recall()), Summary.fmt(s.falseAlarmsPer100()),
          s.falseAlarmsWithoutMaterial(), s.withoutMaterial(), s.borderlineAlerted(), s.borderline(),
          Summary.fmt(s.medianDelayMinutes())));
    }
    md.append("\nBaseline bias (sum of the estimated no-promotion baseline minus the true one, over promotions with volume): substitutes %s, promoted items %s (all scenarios).\n"
        .formatted(Summary.pct(r.overall().substituteBaselineBias()), Summary.pct(r.overall().promotedBaselineBias())));
    md.append("False alarms per 100 promotions with no cannibalization at all (no substitutes, or a true loss under %.0f%% of their baseline): %s (%d of %d); without the concurrent scenario: %s (%d of %d).\n"
        .formatted(100 * Summary.NO_CANNIBALIZATION, Summary.fmt(r.overall().falseAlarmsPer100WithoutAnyCannibalization()),
            r.overall().falseAlarmsWithoutAnyCannibalization(), r.overall().withoutAnyCannibalization(),
            Summary.fmt(noConcurrent.falseAlarmsPer100WithoutAnyCannibalization()), noConcurrent.falseAlarmsWithoutAnyCannibalization(),
            noConcurrent.withoutAnyCannibalization()));
    md.append("Recall if material did not require the substitutes to be 10%% short of baseline: %s.\n\n".formatted(Summary.fmt(r.overall().recallWithoutShortfallThreshold())));
    md.append("### Recall by the substitutes' true baseline volume (units over the promotion, all scenarios but concurrent)\n\n| volume | material | alerted | recall |\n|---|---|---|---|\n");
    double[][] bins = {{0, 100}, {100, 300}, {300, 1000}, {1000, 3000}, {3000, Double.POSITIVE_INFINITY}};
    for (double[] b : bins) {
      int mat = 0, hit = 0;
      for (PromotionOutcome p : r.promotions()) {
        if (!p.scenario().equals("concurrent") && p.material() && p.trueSubstituteBaselineUnits() >= b[0] && p.trueSubstituteBaselineUnits() < b[1]) {
          mat++;
          hit += p.alerted() ? 1 : 0;
        }
      }
      md.append("| %.0f-%s | %d | %d | %s |\n".formatted(b[0], Double.isInfinite(b[1]) ? "" : "%.0f".formatted(b[1]), mat, hit, Summary.fmt(Summary.ratio(hit, mat))));
    }
    md.append("\n## Scenarios\n\n");
    r.models().forEach((k, v) -> md.append("- **%s**: %s\n".formatted(k, ((Map<?, ?>) v).get("description"))));
    md.append("\n## Definitions\n\n");
    md.append("- *Enough expected volume*: the substitutes' true no-promotion baseline over the promotion is at least %.0f units.\n".formatted(r.options().minVolumeUnits()));
    DetectionSettings d = DetectionSettings.defaults();
    md.append("- *Material cannibalization* (truth): cannibalized units >= %.0f, rate C/G >= %.2f, lost margin >= %.0f cents and substitutes >= %.0f%% short of their baseline - the thresholds the alert uses.\n"
        .formatted(d.minCannibalizedUnits(), d.minCannibalizationRate(), d.minLostMarginCents(), 100 * d.minSubstituteShortfall()));
    md.append("- Bias = sum(estimate - truth) / sum(truth); MAPE = mean |estimate - truth| / truth; over material promotions with volume (net units: |truth| >= 25).\n");
    md.append("- Coverage: share of promotions with volume and substitutes whose true value lies in the estimate's 90% interval.\n");
    md.append("- *Materiality* of a promotion's truth: the smallest ratio of a true quantity to the alert's threshold for it (units, rate, lost margin, relative shortfall); material is >= 1.\n");
    md.append("- *Indifference band*: truth within 20% of the materiality line (materiality in [0.8, 1.2)) is *borderline* and scored neither way; *clearly material* is >= 1.2, *clearly immaterial* < 0.8. "
        + "A sequential test is specified the same way, by its error rates at two separated points (no loss and a material one): near the line, a 9% and an 11% shortfall differ by less than the sampling error of one promotion, "
        + "so a point-estimate decision is a coin toss there whatever the detector. The strict figures (no band) are reported next to the judged ones.\n");
    md.append("- Precision / recall per promotion with volume (judged: clear cases only; strict: all); false alarms per 100 promotions without cannibalization (no substitutes, or a true loss under %.0f%% of their baseline; all volumes); reference: per 100 promotions without material cannibalization (strict) and with clearly immaterial cannibalization.\n"
        .formatted(100 * Summary.NO_CANNIBALIZATION));
    md.append("- Pull-forward: the simulator has no stockpiling, so the true D is 0; the estimate's D (post-period shortfall, 2 h) is counted in N.\n\n");
    md.append("## Misclassified promotions (strict)\n\n| scenario | promotion | sku | true C | true rate | true lost margin | est C [90%] | materiality | alerted |\n|---|---|---|---|---|---|---|---|---|\n");
    for (PromotionOutcome p : r.promotions()) {
      if (p.volumeOk() && p.alerted() != p.material()) {
        md.append("| %s | %s | %s | %.1f | %.3f | %.0f | %.1f [%.1f, %.1f] | %.2f | %s |\n".formatted(
            p.scenario(), p.promotionId(), p.sku(), p.trueCannibalizedUnits(), p.trueRate(), p.trueLostMarginCents(),
            p.estCannibalizedUnits(), p.estCannibalizedLower(), p.estCannibalizedUpper(), p.materiality(), p.alerted()));
      }
    }
    md.append("\n## Plots\n\n![cannibalized](cannibalized.svg)\n\n![net](net.svg)\n\n![delay](delay.svg)\n");
    Files.writeString(out.resolve("report.md"), md.toString());
  }
}
