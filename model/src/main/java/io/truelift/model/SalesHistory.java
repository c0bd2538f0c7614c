package io.truelift.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Sales history as series of {@link Observation}s (product x store, time-ordered), indexed so that
 * the feature code finds a row's siblings (same store, sub-category and bucket) and its series'
 * past. A bucket is "clean" when neither the product nor any sibling was promoted: the recent
 * level is measured on clean buckets only, so a substitute's cannibalized weeks never lower its
 * own baseline.
 */
public final class SalesHistory implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What the history tells about a product: where it sits in the catalog and its prices. */
  public record Product(
      String sku, String category, String subCategory, double regularPriceCents, double unitCostCents)
      implements Serializable {}

  /** One product x store series in time order. */
  public static final class Series implements Serializable {
    private static final long serialVersionUID = 1L;
    final String key;
    final Observation[] rows;
    final long[] epochSeconds;
    final boolean[] clean;
    final boolean[] categoryClean;

    Series(String key, Observation[] rows, boolean[] clean, boolean[] categoryClean) {
      this.key = key;
      this.rows = rows;
      this.clean = clean;
      this.categoryClean = categoryClean;
      this.epochSeconds = new long[rows.length];
      for (int i = 0; i < rows.length; i++) {
        epochSeconds[i] = rows[i].bucketStart().getEpochSecond();
      }
    }

    public String key() {
      return key;
    }

    public List<Observation> rows() {
      return List.of(rows);
    }

    public boolean clean(int i) {
      return clean[i];
    }

    /** Clean in the whole category: no product of the category promoted in the bucket. */
    public boolean categoryClean(int i) {
      return categoryClean[i];
    }

    boolean clean(int i, FeatureSpec.CleanScope scope) {
      return scope == FeatureSpec.CleanScope.CATEGORY ? categoryClean[i] : clean[i];
    }

    /** Number of rows strictly before {@code t}. */
    int countBefore(long epochSecond) {
      int i = Arrays.binarySearch(epochSeconds, epochSecond);
      return i >= 0 ? i : -i - 1;
    }
  }

  private final Granularity granularity;
  private final Map<String, Series> series;
  private final Map<String, List<Observation>> groups;
  private final Map<String, int[]> categoryPromotions;
  private final Map<String, Product> products;
  private final Instant from;
  private final Instant to;
  private final int size;

  private SalesHistory(Granularity granularity, Collection<Observation> observations) {
    this.granularity = granularity;
    Map<String, List<Observation>> bySeries = new TreeMap<>();
    Map<String, List<Observation>> byGroup = new HashMap<>();
    Map<String, int[]> byCategory = new HashMap<>();
    Map<String, Product> catalog = new TreeMap<>();
    Instant first = null, last = null;
    for (Observation o : observations) {
      bySeries.computeIfAbsent(o.seriesKey(), k -> new ArrayList<>()).add(o);
      byGroup.computeIfAbsent(groupKey(o.storeId(), o.subCategory(), o.bucketStart()), k -> new ArrayList<>(4)).add(o);
      if (o.anyPromotion()) {
        byCategory.computeIfAbsent(groupKey(o.storeId(), o.category(), o.bucketStart()), k -> new int[1])[0]++;
      }
      catalog.putIfAbsent(
          o.sku(),
          new Product(o.sku(), o.category(), o.subCategory(), o.regularPriceCents(), o.unitCostCents()));
      first = first == null || o.bucketStart().isBefore(first) ? o.bucketStart() : first;
      last = last == null || o.bucketStart().isAfter(last) ? o.bucketStart() : last;
    }
    this.groups = byGroup;
    this.categoryPromotions = byCategory;
    this.products = catalog;
    this.series = new LinkedHashMap<>();
    for (var e : bySeries.entrySet()) {
      List<Observation> rows = e.getValue();
      rows.sort(Comparator.comparing(Observation::bucketStart));
      for (int i = 1; i < rows.size(); i++) {
        if (rows.get(i).bucketStart().equals(rows.get(i - 1).bucketStart())) {
          throw new IllegalArgumentException(
              "Two rows for sku %s, store %s and bucketStart %s: one row per series and bucket"
                  .formatted(rows.get(i).sku(), rows.get(i).storeId(), rows.get(i).bucketStart()));
        }
      }
      Observation[] arr = rows.toArray(new Observation[0]);
      boolean[] clean = new boolean[arr.length];
      boolean[] categoryClean = new boolean[arr.length];
      for (int i = 0; i < arr.length; i++) {
        clean[i] = !arr[i].anyPromotion() && siblingsPromoted(arr[i]) == 0;
        categoryClean[i] = clean[i] && otherSubCategoriesPromoted(arr[i]) == 0;
      }
      series.put(e.getKey(), new Series(e.getKey(), arr, clean, categoryClean));
    }
    this.from = first;
    this.to = last;
    this.size = observations.size();
  }

  /** A history of the given granularity; one row per product, store and bucket. */
  public static SalesHistory of(Granularity granularity, Collection<Observation> observations) {
    if (observations.isEmpty()) {
      throw new IllegalArgumentException("a sales history needs at least one observation, got none");
    }
    return new SalesHistory(granularity, observations);
  }

  /** This history with {@code extra} rows added; an extra row replaces the row of its bucket. */
  public SalesHistory with(Collection<Observation> extra) {
    Map<String, Observation> all = new LinkedHashMap<>();
    for (Observation o : observations()) {
      all.put(o.seriesKey() + "@" + o.bucketStart().getEpochSecond(), o);
    }
    for (Observation o : extra) {
      all.put(o.seriesKey() + "@" + o.bucketStart().getEpochSecond(), o);
    }
    return new SalesHistory(granularity, all.values());
  }

  /** The rows that satisfy {@code keep}, as a history of their own. */
  public SalesHistory filter(Predicate<Observation> keep) {
    return of(granularity, observations().stream().filter(keep).toList());
  }

  static String groupKey(String store, String subCategory, Instant bucket) {
    return store + "|" + subCategory + "|" + bucket.getEpochSecond();
  }

  public Granularity granularity() {
    return granularity;
  }

  public Map<String, Series> series() {
    return series;
  }

  public Series series(String key) {
    return series.get(key);
  }

  public Map<String, Product> products() {
    return products;
  }

  /** Every row, series by series in time order. */
  public List<Observation> observations() {
    List<Observation> out = new ArrayList<>(size);
    series.values().forEach(s -> out.addAll(Arrays.asList(s.rows)));
    return out;
  }

  public int size() {
    return size;
  }

  /** First bucket start. */
  public Instant from() {
    return from;
  }

  /** Last bucket start. */
  public Instant to() {
    return to;
  }

  /** The other products of the row's sub-category in the same store and bucket. */
  public List<Observation> siblings(Observation row) {
    List<Observation> group = groups.get(groupKey(row.storeId(), row.subCategory(), row.bucketStart()));
    if (group == null) {
      return List.of();
    }
    List<Observation> out = new ArrayList<>(group.size());
    for (Observation o : group) {
      if (!o.sku().equals(row.sku())) {
        out.add(o);
      }
    }
    return out;
  }

  int siblingsPromoted(Observation row) {
    int n = 0;
    for (Observation o : siblings(row)) {
      if (o.anyPromotion()) {
        n++;
      }
    }
    return n;
  }

  /** Promoted products of the row's category outside its sub-category, same store and bucket. */
  int otherSubCategoriesPromoted(Observation row) {
    int[] inCategory = categoryPromotions.get(groupKey(row.storeId(), row.category(), row.bucketStart()));
    int all = inCategory == null ? 0 : inCategory[0];
    int inSub = siblingsPromoted(row) + (row.anyPromotion() ? 1 : 0);
    return Math.max(0, all - inSub);
  }

  /** The skus of a sub-category, sorted. */
  public List<String> skusIn(String subCategory) {
    return products.values().stream()
        .filter(p -> p.subCategory().equals(subCategory))
        .map(Product::sku)
        .toList();
  }

  /** The stores in the history, sorted. */
  public List<String> stores() {
    return series.values().stream().map(s -> s.rows[0].storeId()).distinct().sorted().toList();
  }
}
