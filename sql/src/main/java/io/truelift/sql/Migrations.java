package io.truelift.sql;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the TrueLift schema (classpath:db/migration) to a database. Every process that owns the
 * schema calls this at start-up; Flyway's history table makes it idempotent.
 */
public final class Migrations {
  private Migrations() {}

  public static MigrateResult migrate(String jdbcUrl, String user, String password) {
    return Flyway.configure()
        .dataSource(jdbcUrl, user, password)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /** {@code java -cp ... io.truelift.sql.Migrations <jdbcUrl> [user] [password]} */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: Migrations <jdbcUrl> [user] [password]");
      System.exit(2);
    }
    MigrateResult r =
        migrate(args[0], args.length > 1 ? args[1] : "", args.length > 2 ? args[2] : "");
    System.out.println("Applied " + r.migrationsExecuted + " migration(s) to " + args[0]);
  }
}
