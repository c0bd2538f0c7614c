package io.truelift.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.api.db.AlertDao;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.UserAction;
import io.truelift.sql.Migrations;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The user-actions audit stream from the user_action table, on the real schema (H2). */
class UserActionRelayTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);

  /** What a broker took: key, id, payload; fails while {@code down}. */
  static final class RecordingPublisher implements MarketEventPublisher {
    final List<String[]> sent = new ArrayList<>();
    boolean down;

    @Override
    public void publish(String key, String eventId, String payload) {
      if (down) {
        throw new PublishException("broker down", null);
      }
      sent.add(new String[] {key, eventId, payload});
    }
  }

  private Jdbi jdbi;
  private AlertDao dao;

  @BeforeEach
  void migrate() {
    String url = "jdbc:h2:mem:uar-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    Migrations.migrate(url, "sa", "");
    jdbi = Jdbi.create(url, "sa", "").installPlugin(new SqlObjectPlugin());
    dao = jdbi.onDemand(AlertDao.class);
    for (String id : List.of("A-1", "A-2", "A-3")) {
      jdbi.useHandle(
          h ->
              h.execute(
                  "INSERT INTO alert (alert_id, promotion_id, promoted_sku, category, sub_category, status,"
                      + " severity, detected_at, window_start, window_end, gross_lift_units,"
                      + " cannibalized_units, cannibalization_rate, lost_revenue_cents, test_statistic,"
                      + " workflow_id, created_at, updated_at) VALUES (?, 'P-1', 'SKU-A', 'BREAKFAST',"
                      + " 'COLD_CEREAL', 'ANALYSED', 'HIGH', ?, ?, ?, 400, 100, 0.25, 1000, 8.5, ?, ?, ?)",
                  id, T0.atOffset(ZoneOffset.UTC), T0.minusSeconds(3600).atOffset(ZoneOffset.UTC),
                  T0.atOffset(ZoneOffset.UTC), "alert-" + id, T0.atOffset(ZoneOffset.UTC), T0.atOffset(ZoneOffset.UTC)));
    }
  }

  @Test
  void publishesEveryStoredActionOnceInOrderKeyedByItsAlert() {
    dao.recordAction("X-2", "A-2", "ADJUST_PRICE", 349L, "too deep", "bob", T0.plusSeconds(5));
    dao.recordAction("X-1", "A-1", "STOP_PROMOTION", null, null, "ann", T0);
    RecordingPublisher broker = new RecordingPublisher();
    UserActionRelay relay = new UserActionRelay(dao, broker, CLOCK);

    assertThat(relay.relay()).isEqualTo(2);
    assertThat(relay.relay()).isZero();

    assertThat(broker.sent).extracting(s -> s[0] + "/" + s[1]).containsExactly("A-1/X-1", "A-2/X-2");
    assertThat(EventJson.decode(broker.sent.get(1)[2], UserAction.class))
        .isEqualTo(
            new UserAction(
                UserAction.VERSION, "X-2", "A-2", ActionType.ADJUST_PRICE, 349L, "too deep", "bob",
                T0.plusSeconds(5)));
  }

  @Test
  void anOutageLeavesTheActionsForALaterRoundInTheSameOrder() {
    dao.recordAction("X-1", "A-1", "STOP_PROMOTION", null, null, "ann", T0);
    dao.recordAction("X-2", "A-2", "DISMISS", null, "planned", "bob", T0.plusSeconds(5));
    RecordingPublisher broker = new RecordingPublisher();
    UserActionRelay relay = new UserActionRelay(dao, broker, CLOCK);

    broker.down = true;
    assertThat(relay.relay()).isZero();
    assertThat(dao.unpublishedActions(10)).hasSize(2);

    broker.down = false;
    assertThat(relay.relay()).isEqualTo(2);
    assertThat(broker.sent).extracting(s -> s[1]).containsExactly("X-1", "X-2");
    assertThat(dao.unpublishedActions(10)).isEmpty();
  }

  @Test
  void aRowTheContractRefusesIsLeftOutWithoutBlockingTheOthers() {
    // Written by hand: a re-price without a price, which neither the API nor the worker stores.
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO user_action (action_id, alert_id, action_type, actor, requested_at, status)"
                    + " VALUES ('X-0', 'A-3', 'ADJUST_PRICE', 'ops', ?, 'REQUESTED')",
                T0.minusSeconds(60).atOffset(ZoneOffset.UTC)));
    dao.recordAction("X-1", "A-1", "STOP_PROMOTION", null, null, "ann", T0);
    RecordingPublisher broker = new RecordingPublisher();

    assertThat(new UserActionRelay(dao, broker, CLOCK).relay()).isEqualTo(1);

    assertThat(broker.sent).extracting(s -> s[1]).containsExactly("X-1");
    assertThat(dao.unpublishedActions(10)).isEmpty();
  }
}
