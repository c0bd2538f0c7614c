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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  static final String USAGE =
      "usage: FeedLoader [--migrate] <feedDir with products.csv, promotions.csv> [jdbcUrl [user [password]]]\n"
          + "  jdbcUrl, user and password default to TRUELIFT_JDBC_URL, TRUELIFT_JDBC_USER and"
          + " TRUELIFT_JDBC_PASSWORD;\n  --migrate applies the schema first (io.truelift.sql.Migrations).";

  /** A command line that cannot work: the message names the argument and the value. */
  static final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * The command line: {@code [--migrate] <feedDir> [jdbcUrl [user [password]]]}, the database
   * defaulting to {@code TRUELIFT_JDBC_URL}, {@code TRUELIFT_JDBC_USER} and {@code
   * TRUELIFT_JDBC_PASSWORD} from {@code env} (so that a Kubernetes Job passes the password from a
   * Secret, never as an argument). Unlike {@link #load(Path, String, String, String, Instant)}, a
   * feed directory holding neither file is an error: a mount that is empty or a wrong path must not
   * pass as a feed of nothing.
   */
  static Result run(List<String> args, Map<String, String> env, Instant now) {
    boolean migrate = false;
    List<String> positional = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--migrate")) {
        migrate = true;
      } else if (a.startsWith("--")) {
        throw new UsageException("unknown option \"%s\"".formatted(a));
      } else {
        positional.add(a);
      }
    }
    if (positional.isEmpty() || positional.size() > 4) {
      throw new UsageException("expected 1 to 4 arguments, got %d: %s".formatted(positional.size(), positional));
    }
    Path dir = Path.of(positional.get(0));
    String url = argOrEnv(positional, 1, env, "TRUELIFT_JDBC_URL");
    if (url.isBlank()) {
      throw new UsageException("jdbcUrl is required: give it as the second argument or set TRUELIFT_JDBC_URL");
    }
    String user = argOrEnv(positional, 2, env, "TRUELIFT_JDBC_USER");
    String password = argOrEnv(positional, 3, env, "TRUELIFT_JDBC_PASSWORD");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("feedDir %s is not a directory".formatted(dir));
    }
    if (!Files.exists(dir.resolve("products.csv")) && !Files.exists(dir.resolve("promotions.csv"))) {
      throw new IllegalArgumentException(
          "feedDir %s holds neither products.csv nor promotions.csv".formatted(dir));
    }
    if (migrate) {
      Migrations.migrate(url, user, password);
    }
    return load(dir, url, user, password, now);
  }

  private static String argOrEnv(List<String> positional, int i, Map<String, String> env, String variable) {
    if (positional.size() > i) {
      return positional.get(i);
    }
    String v = env.get(variable);
    return v == null ? "" : v;
  }

  /** {@code java -cp ... io.truelift.sql.FeedLoader [--migrate] <feedDir> [jdbcUrl [user [password]]]} */
  public static void main(String[] args) {
    try {
      Result r = run(List.of(args), System.getenv(), Instant.now());
      String dir = List.of(args).stream().filter(a -> !a.startsWith("--")).findFirst().orElseThrow();
      System.out.printf("Loaded %d products and %d promotions from %s%n", r.products(), r.promotions(), dir);
    } catch (UsageException e) {
      System.err.println("FeedLoader: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    } catch (RuntimeException e) {
      System.err.println("FeedLoader failed: " + e.getMessage());
      System.exit(1);
    }
  }
}
