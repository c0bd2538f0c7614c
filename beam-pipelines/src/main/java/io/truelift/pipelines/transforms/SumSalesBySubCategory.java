package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.pipelines.model.SubCategoryWindow;
import io.truelift.pipelines.model.SubCategoryWindow.SkuSales;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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
        .apply("KeyBySubCategory", ParDo.of(new KeyBySubCategoryFn()))
        .setCoder(
            KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ShoppingEvent.class)))
        .apply("SumPerSku", Combine.perKey(new SumPerSkuFn()))
        .apply("ToSubCategoryWindow", ParDo.of(new ToSubCategoryWindowFn()))
        .setCoder(SerializableCoder.of(SubCategoryWindow.class));
  }

  static class KeyBySubCategoryFn extends DoFn<ShoppingEvent, KV<String, ShoppingEvent>> {
    @ProcessElement
    public void processElement(@Element ShoppingEvent e, OutputReceiver<KV<String, ShoppingEvent>> out) {
      out.output(KV.of(e.subCategory(), e));
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

  static class SumPerSkuFn extends Combine.CombineFn<ShoppingEvent, Totals, Map<String, SkuSales>> {
    @Override
    public Totals createAccumulator() {
      return new Totals();
    }

    @Override
    public Totals addInput(Totals t, ShoppingEvent e) {
      t.byEventId.putIfAbsent(
          e.eventId(), new Line(e.sku(), e.units(), e.revenueCents(), e.promotionId()));
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
    public Coder<Totals> getAccumulatorCoder(CoderRegistry registry, Coder<ShoppingEvent> input)
        throws CannotProvideCoderException {
      return SerializableCoder.of(Totals.class);
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
