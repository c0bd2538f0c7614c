package io.truelift.api.db;

import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The DAO on H2 in PostgreSQL mode, the embedded default. */
class AlertDaoH2Test extends AlertDaoContract {
  private String url;

  @Override
  String[] freshDatabase() {
    url =
        "jdbc:h2:mem:dao-"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    return new String[] {url, "sa", ""};
  }

  @Override
  void dropDatabase() {
    // DB_CLOSE_DELAY=-1 keeps the database for the DAO's other connections; empty it instead.
    Jdbi.create(url, "sa", "").useHandle(h -> h.execute("DROP ALL OBJECTS"));
  }
}
