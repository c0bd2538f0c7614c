package io.truelift.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalog feed on H2 in PostgreSQL mode (the devstack's database), as the devstack loads it,
 * and on the machine's PostgreSQL 15 (a fresh schema; skipped outside CI when it is unreachable).
 */
class FeedLoaderTest {
  private static final Instant NOW = Instant.parse("2026-12-04T19:00:00Z");

  static Stream<String> databases() {
    String name = "feed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return Stream.of(
        "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + name);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void loadsTheFeedIdempotentlyAndANewerFeedUpdatesOnlyTheRowsItLists(String url, @TempDir Path dir) throws Exception {
    String user = url.startsWith("jdbc:h2:") ? "sa" : "postgres";
    if (!url.startsWith("jdbc:h2:")) {
      String schema = url.substring(url.indexOf("currentSchema=") + 14);
      try (Connection c = DriverManager.getConnection(url.substring(0, url.indexOf('?')), user, "");
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      } catch (java.sql.SQLException e) {
        Assumptions.assumeTrue(System.getenv("CI") != null, "PostgreSQL not reachable: " + e.getMessage());
        throw e;
      }
    }
    Migrations.migrate(url, user, "");
    Files.write(dir.resolve("products.csv"), List.of(
        FeedLoader.PRODUCTS_HEADER,
        "PIZZA-4CH,Frozen pizza four cheese,FROZEN,FROZEN PIZZA,549,330",
        "FLOSS,Dental floss,ORAL HYGIENE,FLOSS,329,120"));
    Files.write(dir.resolve("promotions.csv"), List.of(
        FeedLoader.PROMOTIONS_HEADER,
        "P-DEMO-PIZZA,PIZZA-4CH,,379,549,2026-01-05T09:30:00Z,2026-01-05T17:30:00Z,SCHEDULED",
        "P-DEMO-FLOSS,FLOSS,S1,229,329,2026-01-05T10:00:00Z,,ACTIVE"));
    assertThat(FeedLoader.load(dir, url, user, "", NOW)).isEqualTo(new FeedLoader.Result(2, 2));
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      List<String> first = dump(c);
      assertThat(first)
          .contains(
              "product FLOSS|Dental floss|ORAL HYGIENE|FLOSS|329|120",
              "promotion P-DEMO-FLOSS|FLOSS|S1|229|329|2026-01-05T10:00:00Z|null|ACTIVE|feed",
              "promotion P-DEMO-PIZZA|PIZZA-4CH|null|379|549|2026-01-05T09:30:00Z|2026-01-05T17:30:00Z|SCHEDULED|feed");

      // Re-run: same rows, none doubled.
      FeedLoader.load(dir, url, user, "", NOW.plusSeconds(60));
      assertThat(dump(c)).isEqualTo(first);

      // A promotion the API created is not in the feed: a newer feed leaves it alone.
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO promotion VALUES ('PA-1', 'FLOSS', NULL, 199, 329, TIMESTAMP WITH TIME ZONE"
                + " '2026-01-05 11:00:00+00', NULL, 'STOPPED', 'manager', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
      }
      Files.write(dir.resolve("products.csv"), List.of(
          FeedLoader.PRODUCTS_HEADER, "PIZZA-4CH,Four cheese pizza,FROZEN,FROZEN PIZZA,559,335"));
      Files.write(dir.resolve("promotions.csv"), List.of(
          FeedLoader.PROMOTIONS_HEADER,
          "P-DEMO-PIZZA,PIZZA-4CH,,399,559,2026-01-05T09:30:00Z,2026-01-05T17:30:00Z,ENDED"));
      FeedLoader.load(dir, url, user, "", NOW);
      assertThat(dump(c))
          .contains(
              "product PIZZA-4CH|Four cheese pizza|FROZEN|FROZEN PIZZA|559|335",
              "product FLOSS|Dental floss|ORAL HYGIENE|FLOSS|329|120",
              "promotion P-DEMO-PIZZA|PIZZA-4CH|null|399|559|2026-01-05T09:30:00Z|2026-01-05T17:30:00Z|ENDED|feed",
              "promotion PA-1|FLOSS|null|199|329|2026-01-05T11:00:00Z|null|STOPPED|manager")
          .hasSize(5);

      // A bad row names the file, the line and the value, and nothing of that feed is stored.
      Files.write(dir.resolve("products.csv"), List.of(
          FeedLoader.PRODUCTS_HEADER, "PIZZA-4CH,Renamed,FROZEN,FROZEN PIZZA,600,300"));
      Files.write(dir.resolve("promotions.csv"), List.of(
          FeedLoader.PROMOTIONS_HEADER,
          "P-X,FLOSS,,229,329,2026-01-05T10:00:00Z,,RUNNING"));
      List<String> before = dump(c);
      assertThatThrownBy(() -> FeedLoader.load(dir, url, user, "", NOW))
          .hasMessageContaining("promotions.csv line 2: status must be one of")
          .hasMessageContaining("got \"RUNNING\"");
      assertThat(dump(c)).isEqualTo(before);
      Files.write(dir.resolve("promotions.csv"), List.of("id,sku"));
      assertThatThrownBy(() -> FeedLoader.load(dir, url, user, "", NOW))
          .hasMessageContaining("must start with the header " + FeedLoader.PROMOTIONS_HEADER);
      if (!url.startsWith("jdbc:h2:")) {
        try (Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + url.substring(url.indexOf("currentSchema=") + 14) + " CASCADE");
        }
      }
    }
  }

  /**
   * The command line a Kubernetes Job runs ({@code --migrate /data/feed}): the database from the
   * TRUELIFT_JDBC_* variables, the schema applied first, and a feed directory without either file
   * refused rather than loaded as nothing.
   */
  @org.junit.jupiter.api.Test
  void theCommandLineTakesTheDatabaseFromTheEnvironmentAndAppliesTheSchema(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:mem:cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    Map<String, String> env = Map.of("TRUELIFT_JDBC_URL", url, "TRUELIFT_JDBC_USER", "sa", "TRUELIFT_JDBC_PASSWORD", "");
    Path feed = Files.createDirectory(dir.resolve("feed"));

    assertThatThrownBy(() -> FeedLoader.run(List.of("--migrate", feed.toString()), env, NOW))
        .isNotInstanceOf(FeedLoader.UsageException.class)
        .hasMessage("feedDir " + feed + " holds neither products.csv nor promotions.csv");
    assertThatThrownBy(() -> FeedLoader.run(List.of("--migrate", dir.resolve("absent").toString()), env, NOW))
        .hasMessage("feedDir " + dir.resolve("absent") + " is not a directory");

    Files.write(feed.resolve("products.csv"), List.of(
        FeedLoader.PRODUCTS_HEADER, "FLOSS,Dental floss,ORAL HYGIENE,FLOSS,329,120"));
    // No schema yet and no --migrate: the load fails on the missing table.
    assertThatThrownBy(() -> FeedLoader.run(List.of(feed.toString()), env, NOW)).hasMessageContaining("product");
    assertThat(FeedLoader.run(List.of("--migrate", feed.toString()), env, NOW)).isEqualTo(new FeedLoader.Result(1, 0));
    // Again (a Job on every upgrade, a CronJob every day): the schema is there, the rows unchanged.
    assertThat(FeedLoader.run(List.of("--migrate", feed.toString()), env, NOW)).isEqualTo(new FeedLoader.Result(1, 0));
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      assertThat(dump(c)).containsExactly("product FLOSS|Dental floss|ORAL HYGIENE|FLOSS|329|120");
    }
    // Arguments win over the environment.
    assertThatThrownBy(() -> FeedLoader.run(List.of(feed.toString(), "jdbc:h2:mem:x;IFEXISTS=TRUE", "sa"), env, NOW))
        .hasMessageContaining("Cannot load the feed in " + feed);
  }

  @org.junit.jupiter.api.Test
  void aCommandLineThatCannotWorkNamesTheArgument(@TempDir Path dir) {
    assertThatThrownBy(() -> FeedLoader.run(List.of(dir.toString()), Map.of(), NOW))
        .isInstanceOf(FeedLoader.UsageException.class)
        .hasMessage("jdbcUrl is required: give it as the second argument or set TRUELIFT_JDBC_URL");
    assertThatThrownBy(() -> FeedLoader.run(List.of("--migrate=true", dir.toString()), Map.of(), NOW))
        .isInstanceOf(FeedLoader.UsageException.class)
        .hasMessage("unknown option \"--migrate=true\"");
    assertThatThrownBy(() -> FeedLoader.run(List.of("--migrate"), Map.of(), NOW))
        .isInstanceOf(FeedLoader.UsageException.class)
        .hasMessage("expected 1 to 4 arguments, got 0: []");
  }

  private static List<String> dump(Connection c) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT * FROM product ORDER BY sku")) {
        while (r.next()) {
          out.add("product %s|%s|%s|%s|%d|%d".formatted(r.getString(1), r.getString(2), r.getString(3),
              r.getString(4), r.getLong(5), r.getLong(6)));
        }
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT promotion_id, sku, store_id, promo_price_cents, regular_price_cents, starts_at,"
                  + " ends_at, status, created_by FROM promotion ORDER BY promotion_id")) {
        while (r.next()) {
          var end = r.getObject(7, java.time.OffsetDateTime.class);
          out.add("promotion %s|%s|%s|%d|%d|%s|%s|%s|%s".formatted(r.getString(1), r.getString(2),
              r.getString(3), r.getLong(4), r.getLong(5),
              r.getObject(6, java.time.OffsetDateTime.class).toInstant(), end == null ? null : end.toInstant(),
              r.getString(8), r.getString(9)));
        }
      }
    }
    return out;
  }
}
