package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.pipelines.model.SubCategoryWindow;
import io.truelift.pipelines.model.SubCategoryWindow.SkuSales;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Sums each sub-category's sales per product in fixed event-time windows, counting each eventId
 * once. Panes accumulate: late data within the allowed lateness fires a corrected pane carrying
 * the window's full totals (so a consumer upserting by product and window ends up right); events
 * later than that are dropped by the runner.
 */
public class SumSalesBySubCategory
    extends PTransform<PCollection<ShoppingEvent>, PCollection<SubCategoryWindow>> {
  private final Duration window;
  private final Duration allowedLateness;

  public SumSalesBySubCategory(Duration window, Duration allowedLateness) {
    this.window = window;
    this.allowedLateness = allowedLateness;
  }

  @Override
  public PCollection<SubCategoryWindow> expand(PCollection<ShoppingEvent> events) {
    return events
        .apply(
            "WindowEvents",
            Window.<ShoppingEvent>into(FixedWindows.of(window))
                .withAllowedLateness(allowedLateness)
                // A late pane must repeat the on-time sales: it replaces, not adds to, the
                // window's earlier stats downstream.
                .accumulatingFiredPanes())
        // Combiner lifting by hand: the runner's windowed grouping costs per element (state,
        // timers), so each bundle first gathers its lines per sub-category and window.
        .apply("KeyBySubCategory", ParDo.of(new GatherInBundleFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), TotalsCoder.INSTANCE))
        .apply("SumPerSku", Combine.perKey(new SumPerSkuFn()))
        .apply("ToSubCategoryWindow", ParDo.of(new ToSubCategoryWindowFn()))
        .setCoder(SerializableCoder.of(SubCategoryWindow.class));
  }

  /** One bundle's distinct sale lines per sub-category and window, emitted when it finishes. */
  static class GatherInBundleFn extends DoFn<ShoppingEvent, KV<String, Totals>> {
    private transient Map<KV<String, BoundedWindow>, Totals> gathered;

    @StartBundle
    public void startBundle() {
      gathered = new HashMap<>();
    }

    @ProcessElement
    public void processElement(@Element ShoppingEvent e, BoundedWindow window) {
      gathered
          .computeIfAbsent(KV.of(e.subCategory(), window), k -> new Totals())
          .byEventId
          .putIfAbsent(e.eventId(), new Line(e.sku(), e.units(), e.revenueCents(), e.promotionId()));
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      // Any timestamp inside the window will do: lateness is decided per window downstream.
      gathered.forEach((k, t) -> c.output(KV.of(k.getKey(), t), k.getValue().maxTimestamp(), k.getValue()));
      gathered = null;
    }
  }

  /** Lines of {@link Totals} field by field (Java serialization of the map costs ten times more). */
  static final class TotalsCoder extends AtomicCoder<Totals> {
    static final TotalsCoder INSTANCE = new TotalsCoder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    @Override
    public void encode(Totals t, OutputStream out) throws IOException {
      LONG.encode((long) t.byEventId.size(), out);
      for (Map.Entry<String, Line> e : t.byEventId.entrySet()) {
        Line l = e.getValue();
        STRING.encode(e.getKey(), out);
        STRING.encode(l.sku(), out);
        LONG.encode(l.units(), out);
        LONG.encode(l.revenueCents(), out);
        STRING.encode(l.promotionId() == null ? "" : l.promotionId(), out);
      }
    }

    @Override
    public Totals decode(InputStream in) throws IOException {
      Totals t = new Totals();
      long n = LONG.decode(in);
      for (long i = 0; i < n; i++) {
        String id = STRING.decode(in);
        String sku = STRING.decode(in);
        long units = LONG.decode(in);
        long revenue = LONG.decode(in);
        String promotion = STRING.decode(in);
        t.byEventId.put(id, new Line(sku, units, revenue, promotion.isEmpty() ? null : promotion));
      }
      return t;
    }
  }

  /**
   * The distinct sale lines of one sub-category and window, by eventId: at-least-once delivery
   * and replays repeat events, and a sale must count once. Keeping the lines (not running sums)
   * lets accumulators built in different bundles merge without double counting, and keeps the
   * dedup right across accumulating late panes, where {@code Distinct} would not.
   */
  static final class Totals implements Serializable {
    final Map<String, Line> byEventId = new HashMap<>();

    @Override
    public boolean equals(Object o) {
      return o instanceof Totals t && byEventId.equals(t.byEventId);
    }

    @Override
    public int hashCode() {
      return byEventId.hashCode();
    }
  }

  /** One sale line as the sum needs it. */
  record Line(String sku, long units, long revenueCents, String promotionId)
      implements Serializable {}

  static class SumPerSkuFn extends Combine.CombineFn<Totals, Totals, Map<String, SkuSales>> {
    @Override
    public Totals createAccumulator() {
      return new Totals();
    }

    @Override
    public Totals addInput(Totals t, Totals lines) {
      lines.byEventId.forEach(t.byEventId::putIfAbsent);
      return t;
    }

    @Override
    public Totals mergeAccumulators(Iterable<Totals> all) {
      Totals merged = new Totals();
      for (Totals t : all) {
        t.byEventId.forEach(merged.byEventId::putIfAbsent);
      }
      return merged;
    }

    @Override
    public Map<String, SkuSales> extractOutput(Totals t) {
      Map<String, long[]> sums = new HashMap<>();
      Map<String, String> promotions = new HashMap<>();
      // Sorted so that the promotion reported for a sku is deterministic if a till applied two.
      new TreeMap<>(t.byEventId)
          .values()
          .forEach(
              l -> {
                long[] v = sums.computeIfAbsent(l.sku(), k -> new long[3]);
                v[0]++;
                v[1] += l.units();
                v[2] += l.revenueCents();
                if (l.promotionId() != null) {
                  promotions.putIfAbsent(l.sku(), l.promotionId());
                }
              });
      Map<String, SkuSales> out = new HashMap<>();
      sums.forEach((sku, v) -> out.put(sku, new SkuSales(v[0], v[1], v[2], promotions.get(sku))));
      return out;
    }

    @Override
    public Coder<Totals> getAccumulatorCoder(CoderRegistry registry, Coder<Totals> input)
        throws CannotProvideCoderException {
      return TotalsCoder.INSTANCE;
    }
  }

  static class ToSubCategoryWindowFn extends DoFn<KV<String, Map<String, SkuSales>>, SubCategoryWindow> {
    @ProcessElement
    public void processElement(
        @Element KV<String, Map<String, SkuSales>> kv,
        BoundedWindow window,
        OutputReceiver<SubCategoryWindow> out) {
      IntervalWindow w = (IntervalWindow) window;
      out.output(
          new SubCategoryWindow(
              kv.getKey(),
              Instant.ofEpochMilli(w.start().getMillis()),
              Instant.ofEpochMilli(w.end().getMillis()),
              kv.getValue()));
    }
  }
}
