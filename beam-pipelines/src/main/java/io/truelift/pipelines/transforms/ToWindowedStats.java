package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.WindowedStat;
import io.truelift.pipelines.model.Baseline;
import io.truelift.pipelines.model.BaselineProfile;
import io.truelift.pipelines.model.SubCategoryWindow;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * One {@link WindowedStat} per product of the sub-category and window, zero-sales products
 * included (a substitute selling nothing is the strongest signal there is), with its baseline.
 */
public class ToWindowedStats
    extends PTransform<PCollection<SubCategoryWindow>, PCollection<WindowedStat>> {
  private final Baseline profile;

  public ToWindowedStats(Baseline profile) {
    this.profile = profile;
  }

  @Override
  public PCollection<WindowedStat> expand(PCollection<SubCategoryWindow> windows) {
    return windows
        .apply("BuildWindowedStats", ParDo.of(new BuildStatsFn(profile)))
        .setCoder(SerializableCoder.of(WindowedStat.class));
  }

  static class BuildStatsFn extends DoFn<SubCategoryWindow, WindowedStat> {
    private final Baseline profile;

    BuildStatsFn(Baseline profile) {
      this.profile = profile;
    }

    @ProcessElement
    public void processElement(@Element SubCategoryWindow w, OutputReceiver<WindowedStat> out) {
      TreeSet<String> skus = new TreeSet<>(profile.skusIn(w.subCategory()));
      skus.addAll(w.sales().keySet());
      for (String sku : skus) {
        SubCategoryWindow.SkuSales s = w.of(sku);
        BaselineProfile.Product p = profile.product(sku);
        out.output(
            new WindowedStat(
                WindowedStat.VERSION,
                w.windowStart(),
                w.windowEnd(),
                sku,
                p != null ? p.category() : "UNKNOWN",
                w.subCategory(),
                s.units(),
                s.revenueCents(),
                profile.expectedUnits(sku, w.windowStart(), w.windowEnd()),
                s.promotionId()));
      }
    }
  }
}
