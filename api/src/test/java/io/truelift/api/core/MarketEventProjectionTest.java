package io.truelift.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.api.db.PromotionDao;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import io.truelift.sql.Migrations;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * market_events applied to the promotion table, on H2 in PostgreSQL mode (as the devstack runs);
 * {@code MarketEventProjectionPostgresTest} runs the same on PostgreSQL.
 */
class MarketEventProjectionTest {
  private static final Instant START = Instant.parse("2026-01-05T09:30:00Z");
  private static final Instant END = Instant.parse("2026-01-05T17:30:00Z");
  private Jdbi jdbi;
  private MarketEventProjection projection;

  /** A fresh, empty database: url, user, password. */
  String[] freshDatabase() throws Exception {
    return new String[] {
      "jdbc:h2:mem:proj-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", ""
    };
  }

  @BeforeEach
  void feedLoaded() throws Exception {
    String[] db = freshDatabase();
    Migrations.migrate(db[0], db[1], db[2]);
    jdbi = Jdbi.create(db[0], db[1], db[2]).installPlugin(new SqlObjectPlugin());
    projection =
        new MarketEventProjection(
            jdbi.onDemand(PromotionDao.class), Clock.fixed(Instant.parse("2026-12-04T19:00:00Z"), ZoneOffset.UTC));
    jdbi.useHandle(
        h -> {
          h.execute("INSERT INTO product VALUES ('PIZZA-4CH', 'Frozen pizza four cheese', 'FROZEN', 'FROZEN PIZZA', 549, 330)");
          h.execute("INSERT INTO product VALUES ('FLOSS', 'Dental floss', 'ORAL HYGIENE', 'FLOSS', 329, 120)");
          for (String id : new String[] {"P-DEMO-PIZZA", "P-LATER"}) {
            h.execute(
                "INSERT INTO promotion VALUES (?, 'PIZZA-4CH', NULL, 379, 549, ?, ?, 'SCHEDULED', 'feed',"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                id, START.atOffset(ZoneOffset.UTC), END.atOffset(ZoneOffset.UTC));
          }
        });
  }

  private static MarketEvent event(String id, MarketEventType type, Instant at, Long price, String source) {
    return new MarketEvent(
        MarketEvent.VERSION, "e-" + UUID.randomUUID(), at, type, id, "PIZZA-4CH", null, price, source, "test");
  }

  private String row(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT status, promo_price_cents, ends_at FROM promotion WHERE promotion_id = ?")
                .bind(0, id)
                .map((r, c) -> r.getString(1) + " " + r.getLong(2) + " " + r.getObject(3, java.time.OffsetDateTime.class).toInstant())
                .findOne()
                .orElse("none"));
  }

  @Test
  void scheduledStartAndEndMoveTheStatusAndRedeliveryChangesNothing() {
    MarketEvent started = event("P-DEMO-PIZZA", MarketEventType.PROMOTION_STARTED, START, 379L, "simulator");
    assertThat(projection.apply(started)).isEqualTo(1);
    assertThat(row("P-DEMO-PIZZA")).isEqualTo("ACTIVE 379 " + END);
    assertThat(row("P-LATER")).startsWith("SCHEDULED");
    assertThat(projection.apply(started)).isZero();

    MarketEvent ended = event("P-DEMO-PIZZA", MarketEventType.PROMOTION_STOPPED, END, null, "simulator");
    assertThat(projection.apply(ended)).isEqualTo(1);
    assertThat(row("P-DEMO-PIZZA")).isEqualTo("ENDED 379 " + END);
    // A late, redelivered start does not bring it back.
    assertThat(projection.apply(started)).isZero();
    assertThat(row("P-DEMO-PIZZA")).startsWith("ENDED");
  }

  @Test
  void aStopOrRepriceBeforeThePlannedEndIsRecordedAsSuch() {
    projection.apply(event("P-DEMO-PIZZA", MarketEventType.PROMOTION_STARTED, START, 379L, "simulator"));
    Instant noon = Instant.parse("2026-01-05T12:00:00Z");
    assertThat(projection.apply(event("P-DEMO-PIZZA", MarketEventType.PRICE_CHANGED, noon, 449L, "workflow"))).isEqualTo(1);
    assertThat(row("P-DEMO-PIZZA")).isEqualTo("ACTIVE 449 " + END);
    Instant one = Instant.parse("2026-01-05T13:00:00Z");
    assertThat(projection.apply(event("P-DEMO-PIZZA", MarketEventType.PROMOTION_STOPPED, one, null, "workflow"))).isEqualTo(1);
    assertThat(row("P-DEMO-PIZZA")).isEqualTo("STOPPED 449 " + one);
    // Stopped is final: a later price or the planned end changes nothing.
    assertThat(projection.apply(event("P-DEMO-PIZZA", MarketEventType.PRICE_CHANGED, one, 399L, "api"))).isZero();
    assertThat(projection.apply(event("P-DEMO-PIZZA", MarketEventType.PROMOTION_STOPPED, END, null, "simulator"))).isZero();
    assertThat(row("P-DEMO-PIZZA")).isEqualTo("STOPPED 449 " + one);
  }

  @Test
  void aWorkflowsStopIsStoppedEvenWhenItsWallClockTimeIsPastTheSimulatedPlannedEnd() {
    // The devstack: the market runs on simulated January time, the worker stops on the wall
    // clock. Seen in EndToEndIT: stopped at simulated 15:25 (before 17:20), shown as ENDED.
    projection.apply(event("P-DEMO-PIZZA", MarketEventType.PROMOTION_STARTED, START, 379L, "simulator"));
    Instant wallClock = Instant.parse("2026-12-04T20:06:32Z");
    assertThat(projection.apply(event("P-DEMO-PIZZA", MarketEventType.PROMOTION_STOPPED, wallClock, null, "workflow")))
        .isEqualTo(1);
    assertThat(row("P-DEMO-PIZZA")).isEqualTo("STOPPED 379 " + wallClock);
    projection.apply(event("P-LATER", MarketEventType.PROMOTION_STARTED, START, 379L, "simulator"));
    projection.apply(event("P-LATER", MarketEventType.PROMOTION_STOPPED, wallClock, null, "api"));
    assertThat(row("P-LATER")).startsWith("STOPPED");
  }

  @Test
  void aPromotionStartedElsewhereIsRecordedWhenItsProductIsKnown() {
    assertThat(projection.apply(event("P-NEW", MarketEventType.PROMOTION_STARTED, START, 399L, "pos"))).isEqualTo(1);
    String stored =
        jdbi.withHandle(
            h -> h.createQuery(
                    "SELECT status || ' ' || promo_price_cents || ' ' || regular_price_cents || ' ' || created_by"
                        + " FROM promotion WHERE promotion_id = 'P-NEW'")
                .mapTo(String.class)
                .one());
    assertThat(stored).isEqualTo("ACTIVE 399 549 pos");
    MarketEvent unknownSku =
        new MarketEvent(MarketEvent.VERSION, "e-x", START, MarketEventType.PROMOTION_STARTED, "P-X", "NOPE", null, 100L, "pos", "t");
    assertThat(projection.apply(unknownSku)).isZero();
  }
}
