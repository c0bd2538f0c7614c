package io.truelift.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Loads a catalog feed - {@code products.csv} and {@code promotions.csv}, the exports of a
 * retailer's product and promotion systems (the simulator writes them with {@code --mode feed}) -
 * into {@code product} and {@code promotion}, with MERGE upserts in one transaction: re-running it
 * with the same feed changes nothing, a newer feed updates the rows it lists and leaves the others.
 * The feed is the promotion system's word on the promotions it lists (terms and status as of its
 * export); changes after that arrive on {@code market_events}.
 */
public final class FeedLoader {
  public static final String PRODUCTS_HEADER =
      "sku,name,category,subCategory,regularPriceCents,unitCostCents";
  public static final String PROMOTIONS_HEADER =
      "promotionId,sku,storeId,promoPriceCents,regularPriceCents,start,end,status";
  static final Set<String> STATUSES = Set.of("SCHEDULED", "ACTIVE", "STOPPED", "ENDED");
  static final String CREATED_BY = "feed";

  private FeedLoader() {}

  /** What a load upserted. */
  public record Result(int products, int promotions) {}

  /** Loads {@code dir/products.csv} and {@code dir/promotions.csv} (each optional). */
  public static Result load(Path dir, String jdbcUrl, String user, String password, Instant now) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password == null ? "" : password)) {
      return load(c, dir.resolve("products.csv"), dir.resolve("promotions.csv"), now);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot load the feed in " + dir + ": " + e.getMessage(), e);
    }
  }

  public static Result load(Connection c, Path products, Path promotions, Instant now) throws SQLException {
    List<String[]> productRows = Files.exists(products) ? read(products, PRODUCTS_HEADER) : List.of();
    List<String[]> promotionRows = Files.exists(promotions) ? read(promotions, PROMOTIONS_HEADER) : List.of();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      upsertProducts(c, products, productRows);
      upsertPromotions(c, promotions, promotionRows, now);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
    return new Result(productRows.size(), promotionRows.size());
  }

  private static void upsertProducts(Connection c, Path file, List<String[]> rows) throws SQLException {
    String sql =
        "MERGE INTO product t USING (VALUES (CAST(? AS VARCHAR(64)))) AS s(sku) ON t.sku = s.sku"
            + " WHEN MATCHED THEN UPDATE SET name = ?, category = ?, sub_category = ?,"
            + " regular_price_cents = ?, unit_cost_cents = ?"
            + " WHEN NOT MATCHED THEN INSERT (sku, name, category, sub_category, regular_price_cents,"
            + " unit_cost_cents) VALUES (s.sku, ?, ?, ?, ?, ?)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < rows.size(); i++) {
        String[] f = rows.get(i);
        String where = file + " line " + (i + 2);
        s.setString(1, required(where, "sku", f[0]));
        for (int off : new int[] {2, 7}) {
          s.setString(off, required(where, "name", f[1]));
          s.setString(off + 1, required(where, "category", f[2]));
          s.setString(off + 2, required(where, "subCategory", f[3]));
          s.setLong(off + 3, cents(where, "regularPriceCents", f[4]));
          s.setLong(off + 4, cents(where, "unitCostCents", f[5]));
        }
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void upsertPromotions(Connection c, Path file, List<String[]> rows, Instant now)
      throws SQLException {
    String sql =
        "MERGE INTO promotion t USING (VALUES (CAST(? AS VARCHAR(64)))) AS s(promotion_id)"
            + " ON t.promotion_id = s.promotion_id"
            + " WHEN MATCHED THEN UPDATE SET sku = ?, store_id = ?, promo_price_cents = ?,"
            + " regular_price_cents = ?, starts_at = ?, ends_at = ?, status = ?, updated_at = ?"
            + " WHEN NOT MATCHED THEN INSERT (promotion_id, sku, store_id, promo_price_cents,"
            + " regular_price_cents, starts_at, ends_at, status, updated_at, created_by, created_at)"
            + " VALUES (s.promotion_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < rows.size(); i++) {
        String[] f = rows.get(i);
        String where = file + " line " + (i + 2);
        s.setString(1, required(where, "promotionId", f[0]));
        String status = required(where, "status", f[7]);
        if (!STATUSES.contains(status)) {
          throw new IllegalArgumentException(
              "%s: status must be one of %s, got \"%s\"".formatted(where, STATUSES, status));
        }
        Instant start = instant(where, "start", f[5]);
        for (int off : new int[] {2, 10}) {
          s.setString(off, required(where, "sku", f[1]));
          s.setString(off + 1, f[2].isBlank() ? null : f[2].trim());
          s.setLong(off + 2, cents(where, "promoPriceCents", f[3]));
          s.setLong(off + 3, cents(where, "regularPriceCents", f[4]));
          s.setObject(off + 4, start.atOffset(ZoneOffset.UTC));
          if (f[6].isBlank()) {
            s.setNull(off + 5, Types.TIMESTAMP_WITH_TIMEZONE);
          } else {
            s.setObject(off + 5, instant(where, "end", f[6]).atOffset(ZoneOffset.UTC));
          }
          s.setString(off + 6, status);
          s.setObject(off + 7, at);
        }
        s.setString(18, CREATED_BY);
        s.setObject(19, at);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  static List<String[]> read(Path file, String header) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    if (lines.isEmpty() || !lines.get(0).strip().equals(header)) {
      throw new IllegalArgumentException("%s must start with the header %s".formatted(file, header));
    }
    int columns = header.split(",").length;
    return lines.stream()
        .skip(1)
        .map(
            l -> {
              String[] f = l.split(",", -1);
              if (f.length != columns) {
                throw new IllegalArgumentException(
                    "%s line \"%s\" must have %d comma-separated fields, got %d".formatted(file, l, columns, f.length));
              }
              return f;
            })
        .toList();
  }

  private static String required(String where, String field, String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("%s: %s is required".formatted(where, field));
    }
    return v.trim();
  }

  private static long cents(String where, String field, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "%s: %s must be a whole number of cents, got \"%s\"".formatted(where, field, v));
    }
  }

  private static Instant instant(String where, String field, String v) {
    try {
      return Instant.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "%s: %s must be an ISO instant, got \"%s\"".formatted(where, field, v));
    }
  }

  /** {@code java -cp ... io.truelift.sql.FeedLoader <feedDir> <jdbcUrl> [user] [password]} */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: FeedLoader <feedDir with products.csv, promotions.csv> <jdbcUrl> [user] [password]");
      System.exit(2);
    }
    Result r =
        load(Path.of(args[0]), args[1], args.length > 2 ? args[2] : "", args.length > 3 ? args[3] : "", Instant.now());
    System.out.printf("Loaded %d products and %d promotions from %s%n", r.products(), r.promotions(), args[0]);
  }
}
