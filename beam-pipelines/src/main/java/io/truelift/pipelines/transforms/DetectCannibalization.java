package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.pipelines.model.Baseline;
import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.model.SubCategoryDetector;
import io.truelift.pipelines.model.SubCategoryWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Runs the sequential cannibalization test per sub-category over its windows in event-time
 * order, and emits at most one {@link CannibalizationAlert} per promotion episode. Windows are
 * buffered in state and released by an event-time timer once their allowed lateness has passed,
 * because a stateful DoFn sees elements (and corrected late panes) in no particular order while
 * the CUSUM needs each window once, final, and in time order.
 */
public class DetectCannibalization
    extends PTransform<PCollection<SubCategoryWindow>, PCollection<CannibalizationAlert>> {
  private final Baseline profile;
  private final DetectionSettings settings;
  private final Duration allowedLateness;

  /**
   * @param allowedLateness the lateness of the upstream windows: a window is tested once it has
   *     passed, so that its late pane (if any) is the one tested
   */
  public DetectCannibalization(
      Baseline profile, DetectionSettings settings, Duration allowedLateness) {
    this.profile = profile;
    this.settings = settings;
    this.allowedLateness = allowedLateness;
  }

  @Override
  public PCollection<CannibalizationAlert> expand(PCollection<SubCategoryWindow> windows) {
    return windows
        .apply("KeyBySubCategory", ParDo.of(new KeyWindowFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(SubCategoryWindow.class)))
        .apply("IntoGlobalWindow", Window.<KV<String, SubCategoryWindow>>into(new GlobalWindows()))
        .apply("SequentialTest", ParDo.of(new SequentialTestFn(profile, settings, allowedLateness)))
        .setCoder(SerializableCoder.of(CannibalizationAlert.class));
  }

  static class KeyWindowFn extends DoFn<SubCategoryWindow, KV<String, SubCategoryWindow>> {
    @ProcessElement
    public void processElement(
        @Element SubCategoryWindow w, OutputReceiver<KV<String, SubCategoryWindow>> out) {
      out.output(KV.of(w.subCategory(), w));
    }
  }

  /** Orders each sub-category's windows by event time and feeds them to its detector. */
  static class SequentialTestFn extends DoFn<KV<String, SubCategoryWindow>, CannibalizationAlert> {
    private final Baseline profile;
    private final DetectionSettings settings;
    private final Duration allowedLateness;
    private final Counter alertsRaised = Metrics.counter(DetectCannibalization.class, "alerts");

    @StateId("pending")
    private final StateSpec<BagState<SubCategoryWindow>> pendingSpec =
        StateSpecs.bag(SerializableCoder.of(SubCategoryWindow.class));

    @StateId("detector")
    private final StateSpec<ValueState<SubCategoryDetector>> detectorSpec =
        StateSpecs.value(SerializableCoder.of(SubCategoryDetector.class));

    @StateId("nextRelease")
    private final StateSpec<ValueState<Long>> nextReleaseSpec = StateSpecs.value();

    @TimerId("release")
    private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    SequentialTestFn(Baseline profile, DetectionSettings settings, Duration allowedLateness) {
      this.profile = profile;
      this.settings = settings;
      this.allowedLateness = allowedLateness;
    }

    /** When a window is final: its last moment plus the allowed lateness, in event time. */
    private long releaseAt(SubCategoryWindow w) {
      return w.windowEnd().toEpochMilli() - 1 + allowedLateness.getMillis();
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, SubCategoryWindow> kv,
        @Timestamp Instant timestamp,
        @StateId("pending") BagState<SubCategoryWindow> pending,
        @StateId("nextRelease") ValueState<Long> nextRelease,
        @TimerId("release") Timer release) {
      pending.add(kv.getValue());
      long at = Math.max(releaseAt(kv.getValue()), timestamp.getMillis());
      Long next = nextRelease.read();
      if (next == null || at < next) {
        release.set(new Instant(at));
        nextRelease.write(at);
      }
    }

    @OnTimer("release")
    public void onRelease(
        OnTimerContext c,
        @Key String subCategory,
        @StateId("pending") BagState<SubCategoryWindow> pending,
        @StateId("detector") ValueState<SubCategoryDetector> detectorState,
        @StateId("nextRelease") ValueState<Long> nextRelease,
        @TimerId("release") Timer release) {
      long now = c.timestamp().getMillis();
      // Panes accumulate, so of several panes of one window the one with most purchases is the
      // latest and complete one.
      Map<java.time.Instant, SubCategoryWindow> due = new TreeMap<>();
      List<SubCategoryWindow> later = new ArrayList<>();
      for (SubCategoryWindow w : pending.read()) {
        if (releaseAt(w) <= now) {
          due.merge(w.windowStart(), w, (a, b) -> purchases(a) >= purchases(b) ? a : b);
        } else {
          later.add(w);
        }
      }
      SubCategoryDetector detector = detectorState.read();
      if (detector == null) {
        detector = new SubCategoryDetector(subCategory);
      }
      for (SubCategoryWindow w : due.values()) {
        detector.accept(
            w,
            profile,
            settings,
            alert -> {
              alertsRaised.inc();
              c.output(alert);
            });
      }
      detectorState.write(detector);
      pending.clear();
      later.forEach(pending::add);
      if (later.isEmpty()) {
        nextRelease.clear();
      } else {
        long min = later.stream().mapToLong(this::releaseAt).min().getAsLong();
        release.set(new Instant(min));
        nextRelease.write(min);
      }
    }

    private static long purchases(SubCategoryWindow w) {
      return w.sales().values().stream().mapToLong(SubCategoryWindow.SkuSales::purchases).sum();
    }
  }
}
