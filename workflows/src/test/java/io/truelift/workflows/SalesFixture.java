package io.truelift.workflows;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.Observation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Generated sales with a known shape for the retraining tests: five products in two categories,
 * Poisson sales per 30-minute window with a daily cycle and busier weekends, and PIZZA-A on
 * promotion (30% off) from 10:00 to 14:00 every third day, which doubles its sales and takes 30%
 * off its two siblings'. Written as the stream writes it ({@code windowed_sales}, store {@code
 * '*'}, with {@code product} rows) or as a JSONL of shopping events (the history file); {@link
 * #hourly} gives the same sales as model rows.
 */
final class SalesFixture {
  record Product(String sku, String category, String subCategory, long priceCents, double rate) {}

  /** One 30-minute window of one product. */
  record Window(Product product, Instant start, long units, boolean promoted) {
    long revenueCents() {
      return units * (promoted ? Math.round(product.priceCents() * 0.7) : product.priceCents());
    }
  }

  static final List<Product> PRODUCTS =
      List.of(
          new Product("PIZZA-A", "FROZEN", "FROZEN PIZZA", 599, 12),
          new Product("PIZZA-B", "FROZEN", "FROZEN PIZZA", 649, 18),
          new Product("PIZZA-C", "FROZEN", "FROZEN PIZZA", 549, 6),
          new Product("ICE-V", "DESSERT", "ICE CREAM", 499, 10),
          new Product("ICE-C", "DESSERT", "ICE CREAM", 529, 8));

  static final Duration WINDOW = Duration.ofMinutes(30);

  final Instant from;
  final Instant to;
  final List<Window> windows;

  private SalesFixture(Instant from, Instant to, List<Window> windows) {
    this.from = from;
    this.to = to;
    this.windows = windows;
  }

  /** Sales of every window in {@code [from, to)} (whole hours), reproducible for a seed. */
  static SalesFixture generate(Instant from, Instant to, long seed) {
    Instant start = from.truncatedTo(ChronoUnit.HOURS);
    SplittableRandom r = new SplittableRandom(seed);
    List<Window> out = new ArrayList<>();
    for (Instant t = start; t.isBefore(to); t = t.plus(WINDOW)) {
      boolean promo = promoted(t);
      for (Product p : PRODUCTS) {
        double mean = p.rate() / 2 * daily(t) * weekly(t);
        boolean own = promo && p.sku().equals("PIZZA-A");
        if (promo && p.subCategory().equals("FROZEN PIZZA")) {
          mean *= own ? 2.0 : 0.7;
        }
        out.add(new Window(p, t, poisson(r, mean), own));
      }
    }
    return new SalesFixture(start, to, out);
  }

  static double daily(Instant t) {
    int h = t.atZone(ZoneOffset.UTC).getHour();
    return 0.2 + 1.6 * Math.exp(-Math.pow(h - 14, 2) / 12.0);
  }

  static double weekly(Instant t) {
    DayOfWeek d = t.atZone(ZoneOffset.UTC).getDayOfWeek();
    return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? 1.6 : 1.0;
  }

  static boolean promoted(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    long day = Math.floorDiv(t.getEpochSecond(), 86_400L);
    return day % 3 == 0 && z.getHour() >= 10 && z.getHour() < 14;
  }

  /** Writes {@code product} and the all-stores {@code windowed_sales} rows. */
  void writeTo(Jdbi jdbi) {
    jdbi.useTransaction(
        h -> {
          for (Product p : PRODUCTS) {
            h.execute(
                "INSERT INTO product VALUES (?, ?, ?, ?, ?, ?)",
                p.sku(),
                p.sku() + " (fixture)",
                p.category(),
                p.subCategory(),
                p.priceCents(),
                Math.round(p.priceCents() * 0.55));
          }
          PreparedBatch b =
              h.prepareBatch(
                  "INSERT INTO windowed_sales (sku, store_id, window_start, window_end, units,"
                      + " revenue_cents, promotion_id, updated_at) VALUES (?, '*', ?, ?, ?, ?, ?,"
                      + " ?)");
          Timestamp now = Timestamp.from(Instant.now());
          for (Window w : windows) {
            if (w.units() == 0) {
              continue; // the stream writes only windows with sales
            }
            b.add(
                w.product().sku(),
                Timestamp.from(w.start()),
                Timestamp.from(w.start().plus(WINDOW)),
                w.units(),
                w.revenueCents(),
                w.promoted() ? "P-FIX" : null,
                now);
          }
          b.execute();
        });
  }

  /** Writes the sales as shopping events (one line per window with sales, store S1). */
  Path writeJsonl(Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      long n = 0;
      for (Window w : windows) {
        if (w.units() == 0) {
          continue;
        }
        Product p = w.product();
        ShoppingEvent e =
            new ShoppingEvent(
                ShoppingEvent.VERSION,
                "fx-" + n++,
                w.start().plusSeconds(60),
                "S1",
                p.sku(),
                p.category(),
                p.subCategory(),
                (int) w.units(),
                w.promoted() ? Math.round(p.priceCents() * 0.7) : p.priceCents(),
                p.priceCents(),
                w.promoted() ? "P-FIX" : null);
        out.write(EventJson.encode(e));
        out.newLine();
      }
    }
    return file;
  }

  /** The sales of {@code [from, to)} as hourly all-stores model rows. */
  List<Observation> hourly(Instant from, Instant to) {
    Map<String, long[]> sums = new LinkedHashMap<>();
    Map<String, Window> first = new LinkedHashMap<>();
    for (Window w : windows) {
      if (w.start().isBefore(from) || !w.start().isBefore(to)) {
        continue;
      }
      Instant hour = w.start().truncatedTo(ChronoUnit.HOURS);
      String key = w.product().sku() + "@" + hour;
      long[] s = sums.computeIfAbsent(key, k -> new long[3]);
      s[0] += w.units();
      s[1] += w.revenueCents();
      s[2] += w.promoted() ? 1 : 0;
      first.putIfAbsent(key, w);
    }
    List<Observation> out = new ArrayList<>();
    sums.forEach(
        (key, s) -> {
          Window w = first.get(key);
          Product p = w.product();
          double price = s[0] > 0 ? (double) s[1] / s[0] : p.priceCents();
          out.add(
              new Observation(
                  p.sku(),
                  "*",
                  p.category(),
                  p.subCategory(),
                  w.start().truncatedTo(ChronoUnit.HOURS),
                  s[0],
                  price,
                  p.priceCents(),
                  p.priceCents() * 0.55,
                  s[2] > 0,
                  false,
                  false));
        });
    return out;
  }

  static long poisson(SplittableRandom r, double mean) {
    double limit = Math.exp(-mean), p = r.nextDouble();
    long n = 0;
    while (p > limit) {
      n++;
      p *= r.nextDouble();
    }
    return n;
  }
}
