package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.pipelines.PipelineMetrics;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.pipelines.model.Baseline;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.model.DetectionInput;
import io.truelift.pipelines.model.DetectionSettings;
import io.truelift.pipelines.model.SubCategoryDetector;
import io.truelift.pipelines.model.SubCategoryWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Runs the sequential cannibalization test per sub-category over its windows and its market
 * events, in event-time order, and emits at most one alert per promotion episode (stable id).
 *
 * <p>Both inputs are keyed by sub-category into one stateful step in the global window. A window
 * is tested as soon as the watermark passes its end (its on-time pane), so an alert comes out
 * when the window that decides it closes. Until its allowed lateness has passed the window stays
 * <em>provisional</em>: a late pane (or a late market event) replaces it and the provisional
 * windows are tested again from the last final state; an alert whose figures change is emitted
 * again under the same id, and one the corrected data no longer supports is retracted. After
 * the lateness a window is folded into the final state and never revisited.
 */
public class DetectCannibalization extends PTransform<PCollectionTuple, PCollectionTuple> {
  /** Input: the sub-categories' window panes. */
  public static final TupleTag<SubCategoryWindow> WINDOWS = new TupleTag<>() {};
  /** Input: parsed market events (any window; applied at their event time). */
  public static final TupleTag<MarketEvent> MARKET_EVENTS = new TupleTag<>() {};
  /** Output: new and revised alerts. */
  public static final TupleTag<CannibalizationAlert> ALERTS = new TupleTag<>() {};
  /** Output: retractions of alerts that late data undid (same key as the alert). */
  public static final TupleTag<AlertRetraction> RETRACTIONS = new TupleTag<>() {};

  private final Baseline profile;
  private final DetectionSettings settings;
  private final Duration allowedLateness;

  /**
   * @param allowedLateness the lateness of the upstream windows: until it has passed a window's
   *     result can still be corrected by a late pane
   */
  public DetectCannibalization(Baseline profile, DetectionSettings settings, Duration allowedLateness) {
    this.profile = profile;
    this.settings = settings;
    this.allowedLateness = allowedLateness;
  }

  /** The inputs as this transform expects them; {@code marketEvents} may be empty. */
  public static PCollectionTuple inputs(PCollection<SubCategoryWindow> windows, PCollection<MarketEvent> marketEvents) {
    return PCollectionTuple.of(WINDOWS, windows).and(MARKET_EVENTS, marketEvents);
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple in) {
    KvCoder<String, DetectionInput> keyed =
        KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(DetectionInput.class));
    PCollection<KV<String, DetectionInput>> windows =
        in.get(WINDOWS)
            .apply("KeyWindowsBySubCategory", ParDo.of(new KeyWindowFn()))
            .setCoder(keyed)
            .apply("WindowsIntoGlobalWindow", intoGlobalWindow());
    PCollection<KV<String, DetectionInput>> market =
        in.get(MARKET_EVENTS)
            .apply("KeyMarketEventsBySubCategory", ParDo.of(new KeyMarketEventFn(profile)))
            .setCoder(keyed)
            .apply("MarketEventsIntoGlobalWindow", intoGlobalWindow());
    PCollectionTuple out =
        PCollectionList.of(windows)
            .and(market)
            .apply("MergeInputs", Flatten.pCollections())
            .apply(
                "SequentialTest",
                ParDo.of(new SequentialTestFn(profile, settings, allowedLateness))
                    .withOutputTags(ALERTS, TupleTagList.of(RETRACTIONS)));
    out.get(ALERTS).setCoder(SerializableCoder.of(CannibalizationAlert.class));
    out.get(RETRACTIONS).setCoder(SerializableCoder.of(AlertRetraction.class));
    return out;
  }

  /**
   * The detector's state lives in the global window; both inputs get the same trigger so that
   * they can be merged (elements pass straight through to the stateful step either way).
   */
  private static Window<KV<String, DetectionInput>> intoGlobalWindow() {
    return Window.<KV<String, DetectionInput>>into(new GlobalWindows())
        .triggering(DefaultTrigger.of())
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }

  static class KeyWindowFn extends DoFn<SubCategoryWindow, KV<String, DetectionInput>> {
    @ProcessElement
    public void processElement(
        @Element SubCategoryWindow w, PaneInfo pane, OutputReceiver<KV<String, DetectionInput>> out) {
      out.output(KV.of(w.subCategory(), DetectionInput.of(w, pane.getTiming() == PaneInfo.Timing.LATE)));
    }
  }

  /** Routes a market event to its product's sub-category (parsing already rejected unknown skus). */
  static class KeyMarketEventFn extends DoFn<MarketEvent, KV<String, DetectionInput>> {
    private final Baseline profile;

    KeyMarketEventFn(Baseline profile) {
      this.profile = profile;
    }

    @ProcessElement
    public void processElement(@Element MarketEvent e, OutputReceiver<KV<String, DetectionInput>> out) {
      BaselineProfile.Product p = profile.product(e.sku());
      if (p != null) {
        out.output(KV.of(p.subCategory(), DetectionInput.of(e)));
      }
    }
  }

  /** Orders each sub-category's windows and market events by event time and feeds its detector. */
  static class SequentialTestFn extends DoFn<KV<String, DetectionInput>, CannibalizationAlert> {
    private final Baseline profile;
    private final DetectionSettings settings;
    private final Duration allowedLateness;
    private final Counter alertsRaised = PipelineMetrics.counter(PipelineMetrics.ALERTS);
    private final Counter alertsRevised = PipelineMetrics.counter(PipelineMetrics.ALERTS_REVISED);
    private final Counter alertsRetracted = PipelineMetrics.counter(PipelineMetrics.ALERTS_RETRACTED);
    private final Counter lateEvents = PipelineMetrics.counter(PipelineMetrics.LATE);
    private final Counter marketEvents = PipelineMetrics.counter(PipelineMetrics.MARKET_EVENTS);
    private final Counter lateMarketEvents = PipelineMetrics.counter(PipelineMetrics.MARKET_EVENTS_LATE);

    /** On-time panes waiting for the watermark to pass their end (so windows go in order). */
    @StateId("waiting")
    private final StateSpec<BagState<SubCategoryWindow>> waitingSpec =
        StateSpecs.bag(SerializableCoder.of(SubCategoryWindow.class));

    /** Tested windows whose lateness has not passed yet, by start: late panes replace them. */
    @StateId("provisional")
    private final StateSpec<ValueState<TreeMap<java.time.Instant, SubCategoryWindow>>> provisionalSpec =
        StateSpecs.value(SerializableCoder.of((Class<TreeMap<java.time.Instant, SubCategoryWindow>>) (Class<?>) TreeMap.class));

    /** Market events not yet folded into the final state, in arrival order. */
    @StateId("market")
    private final StateSpec<BagState<MarketEvent>> marketSpec =
        StateSpecs.bag(SerializableCoder.of(MarketEvent.class));

    /** The detector after every final window (lateness passed). */
    @StateId("final")
    private final StateSpec<ValueState<SubCategoryDetector>> finalSpec =
        StateSpecs.value(SerializableCoder.of(SubCategoryDetector.class));

    /** Alerts emitted from provisional windows, by id, as last emitted. */
    @StateId("emitted")
    private final StateSpec<ValueState<LinkedHashMap<String, CannibalizationAlert>>> emittedSpec =
        StateSpecs.value(SerializableCoder.of((Class<LinkedHashMap<String, CannibalizationAlert>>) (Class<?>) LinkedHashMap.class));

    @StateId("nextTimer")
    private final StateSpec<ValueState<Long>> nextTimerSpec = StateSpecs.value();

    @TimerId("advance")
    private final TimerSpec advanceSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    SequentialTestFn(Baseline profile, DetectionSettings settings, Duration allowedLateness) {
      this.profile = profile;
      this.settings = settings;
      this.allowedLateness = allowedLateness;
    }

    /** The window's last instant: when the watermark passes it, its on-time pane is complete. */
    private static long closesAt(SubCategoryWindow w) {
      return w.windowEnd().toEpochMilli() - 1;
    }

    /** When no late pane can come any more. */
    private long finalAt(SubCategoryWindow w) {
      return closesAt(w) + allowedLateness.getMillis();
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, DetectionInput> kv,
        @Timestamp Instant timestamp,
        @StateId("waiting") BagState<SubCategoryWindow> waiting,
        @StateId("provisional") ValueState<TreeMap<java.time.Instant, SubCategoryWindow>> provisionalState,
        @StateId("market") BagState<MarketEvent> market,
        @StateId("final") ValueState<SubCategoryDetector> finalState,
        @StateId("emitted") ValueState<LinkedHashMap<String, CannibalizationAlert>> emittedState,
        @StateId("nextTimer") ValueState<Long> nextTimer,
        @TimerId("advance") Timer advance,
        MultiOutputReceiver out) {
      String subCategory = kv.getKey();
      DetectionInput in = kv.getValue();
      TreeMap<java.time.Instant, SubCategoryWindow> provisional = orEmpty(provisionalState.read());
      SubCategoryDetector fin = finalState.read();
      java.time.Instant finalUpTo = fin == null ? null : fin.lastWindowEnd();
      if (in.marketEvent() != null) {
        MarketEvent e = in.marketEvent();
        marketEvents.inc();
        if (finalUpTo != null && e.eventTime().isBefore(finalUpTo)) {
          // Its window is final: applied at the next window, counted as late.
          if (fin.onMarketEvent(e)) {
            lateMarketEvents.inc();
            finalState.write(fin);
            if (!provisional.isEmpty()) {
              retest(subCategory, fin, provisional, market, emittedState, out);
            }
          }
          return;
        }
        market.add(e);
        if (!provisional.isEmpty() && e.eventTime().isBefore(provisional.lastEntry().getValue().windowEnd())) {
          retest(subCategory, fin, provisional, market, emittedState, out);
        }
        return;
      }
      SubCategoryWindow w = in.window();
      SubCategoryWindow tested = provisional.get(w.windowStart());
      boolean alreadyTested = tested != null || (finalUpTo != null && !w.windowEnd().isAfter(finalUpTo));
      if (in.latePane() && alreadyTested) {
        if (tested == null) {
          lateEvents.inc(purchases(w)); // its window is final: counted, not tested again
          return;
        }
        if (purchases(w) <= purchases(tested)) {
          return; // panes accumulate: an older or repeated pane adds nothing
        }
        lateEvents.inc(purchases(w) - purchases(tested));
        provisional.put(w.windowStart(), w);
        provisionalState.write(provisional);
        retest(subCategory, fin, provisional, market, emittedState, out);
        return;
      }
      if (in.latePane()) {
        lateEvents.inc(purchases(w)); // a window whose first pane is late
      }
      waiting.add(w);
      schedule(Math.max(closesAt(w), timestamp.getMillis()), nextTimer, advance);
    }

    @OnTimer("advance")
    public void onAdvance(
        OnTimerContext c,
        @Key String subCategory,
        @StateId("waiting") BagState<SubCategoryWindow> waiting,
        @StateId("provisional") ValueState<TreeMap<java.time.Instant, SubCategoryWindow>> provisionalState,
        @StateId("market") BagState<MarketEvent> market,
        @StateId("final") ValueState<SubCategoryDetector> finalState,
        @StateId("emitted") ValueState<LinkedHashMap<String, CannibalizationAlert>> emittedState,
        @StateId("nextTimer") ValueState<Long> nextTimer,
        @TimerId("advance") Timer advance,
        MultiOutputReceiver out) {
      long now = c.timestamp().getMillis();
      nextTimer.clear();
      TreeMap<java.time.Instant, SubCategoryWindow> provisional = orEmpty(provisionalState.read());
      SubCategoryDetector fin = finalState.read();
      if (fin == null) {
        fin = new SubCategoryDetector(subCategory);
      }
      // 1. Windows whose end the watermark has passed become provisional, in order.
      List<SubCategoryWindow> stillWaiting = new ArrayList<>();
      boolean released = false;
      for (SubCategoryWindow w : waiting.read()) {
        if (closesAt(w) > now) {
          stillWaiting.add(w);
        } else if (fin.lastWindowEnd() == null || w.windowEnd().isAfter(fin.lastWindowEnd())) {
          provisional.merge(w.windowStart(), w, (a, b) -> purchases(a) >= purchases(b) ? a : b);
          released = true;
        }
      }
      waiting.clear();
      stillWaiting.forEach(waiting::add);
      // 2. Test them: alerts come out as soon as the window that decides them closes.
      if (released) {
        retest(subCategory, fin, provisional, market, emittedState, out);
      }
      // 3. Windows past their lateness are folded into the final state.
      boolean finalized = false;
      List<MarketEvent> events = sortedMarketEvents(market);
      while (!provisional.isEmpty() && finalAt(provisional.firstEntry().getValue()) <= now) {
        SubCategoryWindow w = provisional.pollFirstEntry().getValue();
        for (MarketEvent e : events) {
          if (e.eventTime().isBefore(w.windowEnd())) {
            fin.onMarketEvent(e);
          }
        }
        events.removeIf(e -> e.eventTime().isBefore(w.windowEnd()));
        fin.accept(w, profile, settings, alert -> {}); // emitted already, from the same windows
        finalized = true;
      }
      if (finalized) {
        market.clear();
        events.forEach(market::add);
        LinkedHashMap<String, CannibalizationAlert> emitted = orEmpty(emittedState.read());
        java.time.Instant finalUpTo = fin.lastWindowEnd();
        emitted.values().removeIf(a -> !a.detectedAt().isAfter(finalUpTo));
        emittedState.write(emitted);
      }
      finalState.write(fin);
      provisionalState.write(provisional);
      long next = Long.MAX_VALUE;
      for (SubCategoryWindow w : stillWaiting) {
        next = Math.min(next, closesAt(w));
      }
      if (!provisional.isEmpty()) {
        next = Math.min(next, finalAt(provisional.firstEntry().getValue()));
      }
      if (next != Long.MAX_VALUE) {
        schedule(Math.max(next, now), nextTimer, advance);
      }
    }

    /**
     * Tests the provisional windows again from the final state (with every market event not yet
     * final) and emits what changed: new alerts, alerts with corrected figures, retractions.
     */
    private void retest(
        String subCategory,
        SubCategoryDetector fin,
        TreeMap<java.time.Instant, SubCategoryWindow> provisional,
        BagState<MarketEvent> market,
        ValueState<LinkedHashMap<String, CannibalizationAlert>> emittedState,
        MultiOutputReceiver out) {
      SubCategoryDetector d = fin == null ? new SubCategoryDetector(subCategory) : SerializableUtils.clone(fin);
      // The bag holds only events at or after the final state's end (older ones went into it).
      sortedMarketEvents(market).forEach(d::onMarketEvent);
      Map<String, CannibalizationAlert> now = new LinkedHashMap<>();
      for (SubCategoryWindow w : provisional.values()) {
        d.accept(w, profile, settings, a -> now.put(a.alertId(), a));
      }
      LinkedHashMap<String, CannibalizationAlert> emitted = orEmpty(emittedState.read());
      for (CannibalizationAlert a : now.values()) {
        CannibalizationAlert before = emitted.put(a.alertId(), a);
        if (before == null) {
          alertsRaised.inc();
          out.get(ALERTS).output(a);
        } else if (!before.equals(a)) {
          alertsRevised.inc();
          out.get(ALERTS).output(a);
        }
      }
      java.time.Instant correctedUpTo = provisional.lastEntry().getValue().windowEnd();
      for (var it = emitted.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (!now.containsKey(e.getKey())) {
          it.remove();
          alertsRetracted.inc();
          out.get(RETRACTIONS).output(retraction(e.getValue(), correctedUpTo));
        }
      }
      emittedState.write(emitted);
    }

    /**
     * The retraction of {@code a}: its evidence period corrected up to {@code correctedUpTo}, at
     * that event time, so the same input replayed gives the same message.
     */
    static AlertRetraction retraction(CannibalizationAlert a, java.time.Instant correctedUpTo) {
      java.time.Instant end = correctedUpTo.isAfter(a.windowEnd()) ? correctedUpTo : a.windowEnd();
      return AlertRetraction.of(
          a.alertId(),
          a.promotionId(),
          a.windowStart(),
          end,
          end,
          String.format(
              java.util.Locale.ROOT,
              "Late data within the allowed lateness corrected the windows up to %s: the sequential"
                  + " test no longer fires for promotion %s (the alert had %.0f units cannibalized,"
                  + " rate %.0f%%)",
              end,
              a.promotionId(),
              a.cannibalizedUnits(),
              100 * a.cannibalizationRate()));
    }

    private static List<MarketEvent> sortedMarketEvents(BagState<MarketEvent> market) {
      List<MarketEvent> events = new ArrayList<>();
      market.read().forEach(events::add);
      events.sort((a, b) -> a.eventTime().equals(b.eventTime())
          ? a.eventId().compareTo(b.eventId()) : a.eventTime().compareTo(b.eventTime()));
      return events;
    }

    private static void schedule(long at, ValueState<Long> nextTimer, Timer advance) {
      Long next = nextTimer.read();
      if (next == null || at < next) {
        advance.set(new Instant(at));
        nextTimer.write(at);
      }
    }

    private static <K, V> TreeMap<K, V> orEmpty(TreeMap<K, V> m) {
      return m == null ? new TreeMap<>() : m;
    }

    private static <K, V> LinkedHashMap<K, V> orEmpty(LinkedHashMap<K, V> m) {
      return m == null ? new LinkedHashMap<>() : m;
    }

    private static long purchases(SubCategoryWindow w) {
      return w.sales().values().stream().mapToLong(SubCategoryWindow.SkuSales::purchases).sum();
    }
  }
}
