package io.truelift.evaluation.batf;

import io.truelift.model.Granularity;
import io.truelift.model.Observation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Reads dunnhumby's Breakfast at the Frat files at run time (never copied anywhere): weekly units
 * per store and UPC with shelf price, base price and the FEATURE / DISPLAY / TPR_ONLY flags. A
 * week without a row is a zero-sales week only inside the span in which the item is ranged in
 * that store (its first to its last week with sales there); outside it the item is not sold. Unit
 * costs are not in the data: {@code costShare} x base price stands in for them (margins are
 * therefore indicative).
 */
public final class BatfData {
  /** A product of {@code product.csv}. */
  public record Product(
      String upc, String description, String manufacturer, String category, String subCategory, String size) {
    /**
     * The description with the pack size: several UPCs share a description ("GM CHEERIOS" is 12 OZ
     * and 18 OZ), and a pair of them would read as an item losing sales to itself.
     */
    public String label() {
      return size == null || size.isBlank() ? description : description + " " + size;
    }
  }

  private final Map<String, Product> products;
  private final List<Observation> observations;
  private final int rawRows;
  private final int zeroFilled;

  private BatfData(Map<String, Product> products, List<Observation> observations, int rawRows, int zeroFilled) {
    this.products = products;
    this.observations = observations;
    this.rawRows = rawRows;
    this.zeroFilled = zeroFilled;
  }

  /**
   * The data directory: {@code -Dtruelift.batf.dir}, {@code $TRUELIFT_BATF_DIR}, or {@code
   * shared/data/batf} next to the repository (or next to its parent, for worktrees).
   */
  public static Path locate(Path repoRoot) {
    String p = System.getProperty("truelift.batf.dir");
    if (p == null || p.isBlank()) {
      p = System.getenv("TRUELIFT_BATF_DIR");
    }
    List<Path> candidates = new ArrayList<>();
    if (p != null && !p.isBlank()) {
      candidates.add(Path.of(p));
    }
    Path root = repoRoot.toAbsolutePath().normalize();
    for (Path up = root; up != null; up = up.getParent()) {
      candidates.add(up.resolve("shared/data/batf"));
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c.resolve("transaction.csv.gz")) && Files.isRegularFile(c.resolve("product.csv"))) {
        return c;
      }
    }
    return null;
  }

  public static BatfData load(Path dir, double costShare) throws IOException {
    Map<String, Product> products = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(dir.resolve("product.csv"), StandardCharsets.UTF_8)) {
      String[] header = split(r.readLine());
      Map<String, Integer> col = columns(header, "product.csv");
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = split(line);
        products.put(
            f[col.get("upc_id")],
            new Product(f[col.get("upc_id")], f[col.get("description")], f[col.get("manufacturer")],
                f[col.get("category")], f[col.get("sub_category")],
                col.containsKey("product_size") ? f[col.get("product_size")] : ""));
      }
    }
    // store|upc -> week -> row
    Map<String, TreeMap<LocalDate, double[]>> series = new TreeMap<>();
    int raw = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(Files.newInputStream(dir.resolve("transaction.csv.gz"))), StandardCharsets.UTF_8))) {
      Map<String, Integer> col = columns(split(r.readLine()), "transaction.csv.gz");
      int week = col.get("week"), store = col.get("store_id"), upc = col.get("upc_id"), units = col.get("units");
      int price = col.get("price"), base = col.get("base_price"), feature = col.get("feature");
      int display = col.get("display"), tpr = col.get("tpr_only");
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String[] f = split(line);
        if (!products.containsKey(f[upc])) {
          throw new IllegalArgumentException("transaction.csv.gz line %d: upc_id %s is not in product.csv".formatted(lineNo, f[upc]));
        }
        double p = num(f[price]), b = num(f[base]);
        series.computeIfAbsent(f[store] + "|" + f[upc], k -> new TreeMap<>())
            .put(LocalDate.parse(f[week]), new double[] {num(f[units]), p, b, num(f[feature]), num(f[display]), num(f[tpr])});
        raw++;
      }
    }
    List<Observation> out = new ArrayList<>();
    int filled = 0;
    for (var e : series.entrySet()) {
      String[] su = e.getKey().split("\\|");
      Product prod = products.get(su[1]);
      TreeMap<LocalDate, double[]> weeks = e.getValue();
      double lastBase = Double.NaN;
      for (LocalDate w = weeks.firstKey(); !w.isAfter(weeks.lastKey()); w = w.plusWeeks(1)) {
        double[] v = weeks.get(w);
        Instant t = w.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (v != null) {
          double base = v[2] > 0 ? v[2] : v[1] > 0 ? v[1] : lastBase;
          if (!(base > 0)) {
            continue; // no usable price at all: skip rather than invent one
          }
          lastBase = base;
          double price = v[1] > 0 ? v[1] : base;
          boolean promo = v[3] > 0 || v[4] > 0 || v[5] > 0;
          out.add(new Observation(prod.upc(), su[0], prod.category(), prod.subCategory(), t, Math.max(0, v[0]),
              price * 100, base * 100, costShare * base * 100, promo, v[3] > 0, v[4] > 0));
        } else if (lastBase > 0) {
          out.add(new Observation(prod.upc(), su[0], prod.category(), prod.subCategory(), t, 0,
              lastBase * 100, lastBase * 100, costShare * lastBase * 100, false, false, false));
          filled++;
        }
      }
    }
    return new BatfData(products, out, raw, filled);
  }

  public Map<String, Product> products() {
    return products;
  }

  public List<Observation> observations() {
    return observations;
  }

  public int rawRows() {
    return rawRows;
  }

  public int zeroFilledRows() {
    return zeroFilled;
  }

  public static Granularity granularity() {
    return Granularity.WEEK;
  }

  private static Map<String, Integer> columns(String[] header, String file) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      m.put(header[i].trim().toLowerCase(), i);
    }
    return new HashMap<>(m) {
      @Override
      public Integer get(Object key) {
        Integer v = super.get(key);
        if (v == null) {
          throw new IllegalArgumentException("%s has no column %s (columns: %s)".formatted(file, key, keySet()));
        }
        return v;
      }
    };
  }

  private static double num(String s) {
    return s == null || s.isBlank() ? 0 : Double.parseDouble(s);
  }

  /** Splits one CSV line with double-quoted fields (no embedded newlines in these files). */
  static String[] split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          sb.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(sb.toString());
        sb.setLength(0);
      } else {
        sb.append(c);
      }
    }
    out.add(sb.toString());
    return out.toArray(new String[0]);
  }
}
