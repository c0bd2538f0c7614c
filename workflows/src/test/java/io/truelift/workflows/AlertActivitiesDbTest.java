package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import io.truelift.core.contracts.UserAction;
import io.truelift.sql.Migrations;
import io.truelift.workflows.alert.AlertActivitiesImpl;
import io.truelift.workflows.alert.AlertDao;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.MarketEventPublisher;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The activities' database side through {@link AlertDao}, on H2 (the embedded default) and on the
 * machine's PostgreSQL, each in a fresh schema with the real migrations applied.
 */
public class AlertActivitiesDbTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), ZoneOffset.UTC);

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  public static Jdbi database(String kind) throws Exception {
    return migratedDatabase(kind, "wf_").jdbi();
  }

  /** A migrated database with where it is (tests that hand the URL to code under test need it). */
  public record Db(String url, String user, Jdbi jdbi) {}

  /**
   * A fresh, migrated database: H2 in memory, or a new schema {@code prefix + random} in the
   * machine's PostgreSQL (skipped when unreachable, except on CI).
   */
  public static Db migratedDatabase(String kind, String prefix) throws Exception {
    String schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String url;
    String user;
    if (kind.equals("h2")) {
      url = "jdbc:h2:mem:" + schema + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
      user = "sa";
    } else {
      String base = "jdbc:postgresql://127.0.0.1:5432/test";
      try (var c = DriverManager.getConnection(base, "postgres", "")) {
        c.createStatement().execute("CREATE SCHEMA " + schema);
      } catch (java.sql.SQLException e) {
        Assumptions.assumeTrue(
            System.getenv("CI") != null, "PostgreSQL not reachable: " + e.getMessage());
        throw e;
      }
      url = base + "?currentSchema=" + schema;
      user = "postgres";
    }
    Migrations.migrate(url, user, "");
    return new Db(url, user, Jdbi.create(url, user, "").installPlugin(new SqlObjectPlugin()));
  }

  private static AlertActivitiesImpl activities(Jdbi jdbi, MarketEventPublisher publisher) {
    return new AlertActivitiesImpl(
        jdbi.onDemand(AlertDao.class), publisher, new DeterministicAnalyst(), CLOCK);
  }

  private static int count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  private static String text(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private static void insertPromotion(Jdbi jdbi, String promotionId, String status) {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO promotion (promotion_id, sku, promo_price_cents, regular_price_cents,"
                    + " starts_at, status, created_by, created_at, updated_at) VALUES (?,"
                    + " 'PIZZA-4CH', 399, 599, TIMESTAMP WITH TIME ZONE '2026-01-05 09:00:00+00',"
                    + " ?, 'maria', TIMESTAMP WITH TIME ZONE '2026-01-05 09:00:00+00', TIMESTAMP"
                    + " WITH TIME ZONE '2026-01-05 09:00:00+00')",
                promotionId,
                status));
  }

  private static void insertRequestedAction(Jdbi jdbi, UserAction a) {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO user_action (action_id, alert_id, action_type, actor, requested_at,"
                    + " status) VALUES (?, ?, ?, 'maria', TIMESTAMP WITH TIME ZONE"
                    + " '2026-01-05 11:00:00+00', 'REQUESTED')",
                a.actionId(),
                a.alertId(),
                a.type().name()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void persistAlertTwiceStoresOneAlertWithItsSubstitutes(String kind) throws Exception {
    Jdbi jdbi = database(kind);
    AlertActivitiesImpl activities = activities(jdbi, e -> {});
    CannibalizationAlert alert = TestAlerts.alert("P-1");

    activities.persistAlert(alert);
    activities.persistAlert(alert);

    assertThat(count(jdbi, "SELECT COUNT(*) FROM alert")).isEqualTo(1);
    assertThat(count(jdbi, "SELECT COUNT(*) FROM alert_substitute")).isEqualTo(3);
    assertThat(text(jdbi, "SELECT status || ' ' || workflow_id FROM alert"))
        .isEqualTo("OPEN alert-P-1-e1");
    assertThat(
            text(
                jdbi,
                "SELECT CAST(lost_units AS VARCHAR) FROM alert_substitute WHERE sku = 'PIZZA-PEP'"))
        .startsWith("47.3");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void analyseStoresAnalysisAndRankedStrategiesOnce(String kind) throws Exception {
    Jdbi jdbi = database(kind);
    insertPromotion(jdbi, "P-1", "ACTIVE");
    AlertActivitiesImpl activities = activities(jdbi, e -> {});
    CannibalizationAlert alert = TestAlerts.alert("P-1");
    activities.persistAlert(alert);

    activities.analyse(alert);
    activities.analyse(alert);

    assertThat(text(jdbi, "SELECT status FROM alert")).isEqualTo("ANALYSED");
    assertThat(text(jdbi, "SELECT analyst FROM analysis")).isEqualTo("deterministic");
    assertThat(count(jdbi, "SELECT COUNT(*) FROM recommended_strategy")).isEqualTo(3);
    assertThat(text(jdbi, "SELECT action_type FROM recommended_strategy WHERE rank = 1"))
        .isEqualTo("STOP_PROMOTION");
    // Half-way between the promotion price 399 and the regular price 599.
    assertThat(count(jdbi, "SELECT new_price_cents FROM recommended_strategy WHERE rank = 2"))
        .isEqualTo(499);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void stopPromotionPublishesOnceAndRecordsTheExecution(String kind) throws Exception {
    Jdbi jdbi = database(kind);
    insertPromotion(jdbi, "P-1", "ACTIVE");
    List<MarketEvent> published = new ArrayList<>();
    AlertActivitiesImpl activities = activities(jdbi, published::add);
    CannibalizationAlert alert = TestAlerts.alert("P-1");
    activities.persistAlert(alert);
    activities.analyse(alert);
    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-1");
    insertRequestedAction(jdbi, stop); // the API stores the request before signalling

    String first = activities.executeAction(alert, stop);
    String retried = activities.executeAction(alert, stop);

    assertThat(first).isEqualTo("action-a-1").isEqualTo(retried);
    assertThat(published)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventId()).isEqualTo("action-a-1");
              assertThat(e.type()).isEqualTo(MarketEventType.PROMOTION_STOPPED);
              assertThat(e.promotionId()).isEqualTo("P-1");
              assertThat(e.sku()).isEqualTo("PIZZA-4CH");
              assertThat(e.source()).isEqualTo("workflow");
            });
    assertThat(count(jdbi, "SELECT COUNT(*) FROM user_action")).isEqualTo(1);
    assertThat(text(jdbi, "SELECT status || ':' || market_event_id FROM user_action"))
        .isEqualTo("EXECUTED:action-a-1");
    assertThat(count(jdbi, "SELECT COUNT(*) FROM user_action WHERE executed_at IS NOT NULL"))
        .isEqualTo(1);
    assertThat(text(jdbi, "SELECT status FROM alert")).isEqualTo("ACTIONED");
    assertThat(text(jdbi, "SELECT status FROM promotion")).isEqualTo("STOPPED");
    assertThat(count(jdbi, "SELECT COUNT(*) FROM promotion WHERE ends_at IS NOT NULL"))
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void adjustPriceInsertsTheActionWhenTheApiHasNotAndRepricesThePromotion(String kind)
      throws Exception {
    Jdbi jdbi = database(kind);
    insertPromotion(jdbi, "P-4", "ACTIVE");
    List<MarketEvent> published = new ArrayList<>();
    AlertActivitiesImpl activities = activities(jdbi, published::add);
    CannibalizationAlert alert = TestAlerts.alert("P-4");
    activities.persistAlert(alert);
    UserAction adjust = TestAlerts.action(alert.alertId(), ActionType.ADJUST_PRICE, "a-4");

    activities.executeAction(alert, adjust);

    assertThat(published)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(MarketEventType.PRICE_CHANGED);
              assertThat(e.promoPriceCents()).isEqualTo(479L);
            });
    assertThat(
            text(
                jdbi,
                "SELECT action_type || ' ' || status || ' ' || new_price_cents FROM user_action"))
        .isEqualTo("ADJUST_PRICE EXECUTED 479");
    assertThat(count(jdbi, "SELECT promo_price_cents FROM promotion")).isEqualTo(479);
    assertThat(text(jdbi, "SELECT status FROM promotion")).isEqualTo("ACTIVE");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void failedPublishWritesNothingSoTheRetryPublishesTheSameEvent(String kind) throws Exception {
    Jdbi jdbi = database(kind);
    List<MarketEvent> published = new ArrayList<>();
    boolean[] brokerDown = {true};
    AlertActivitiesImpl activities =
        activities(
            jdbi,
            e -> {
              if (brokerDown[0]) {
                throw new IllegalStateException("broker unreachable");
              }
              published.add(e);
            });
    CannibalizationAlert alert = TestAlerts.alert("P-5");
    activities.persistAlert(alert);
    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-5");

    assertThatThrownBy(() -> activities.executeAction(alert, stop))
        .isInstanceOf(IllegalStateException.class);
    assertThat(count(jdbi, "SELECT COUNT(*) FROM user_action")).isZero();
    assertThat(text(jdbi, "SELECT status FROM alert")).isEqualTo("OPEN");

    brokerDown[0] = false;
    assertThat(activities.executeAction(alert, stop)).isEqualTo("action-a-5");
    assertThat(published).extracting(MarketEvent::eventId).containsExactly("action-a-5");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void dismissalKeepsTheReasonAndPublishesNothing(String kind) throws Exception {
    Jdbi jdbi = database(kind);
    List<MarketEvent> published = new ArrayList<>();
    AlertActivitiesImpl activities = activities(jdbi, published::add);
    CannibalizationAlert alert = TestAlerts.alert("P-2");
    activities.persistAlert(alert);

    activities.recordDismissal(
        alert, TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-2"));

    assertThat(published).isEmpty();
    assertThat(text(jdbi, "SELECT status FROM alert")).isEqualTo("DISMISSED");
    assertThat(text(jdbi, "SELECT status || ': ' || reason FROM user_action"))
        .isEqualTo("EXECUTED: planned loss leader");
    assertThat(count(jdbi, "SELECT COUNT(*) FROM user_action WHERE market_event_id IS NULL"))
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void endingWithoutAnActionRejectsAnActionThatCameTooLate(String kind) throws Exception {
    Jdbi jdbi = database(kind);
    AlertActivitiesImpl activities = activities(jdbi, e -> {});
    CannibalizationAlert retracted = TestAlerts.alert("P-1");
    CannibalizationAlert closed = TestAlerts.alert("P-2");
    CannibalizationAlert escalated = TestAlerts.alert("P-3");
    for (CannibalizationAlert a : List.of(retracted, closed, escalated)) {
      activities.persistAlert(a);
      insertRequestedAction(jdbi, TestAlerts.action(a.alertId(), ActionType.STOP_PROMOTION, "x-" + a.promotionId()));
    }

    activities.markStatus(retracted.alertId(), "RETRACTED");
    activities.markStatus(closed.alertId(), "CLOSED");
    // An escalated lifecycle still waits for the action: it stays REQUESTED.
    activities.markStatus(escalated.alertId(), "ESCALATED");

    List<String> statuses =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT a.status || ':' || u.status FROM alert a"
                            + " JOIN user_action u ON u.alert_id = a.alert_id ORDER BY a.alert_id")
                    .mapTo(String.class)
                    .list());
    assertThat(statuses)
        .containsExactly("RETRACTED:REJECTED", "CLOSED:REJECTED", "ESCALATED:REQUESTED");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void badInputFailsWithoutRetries(String kind) throws Exception {
    Jdbi jdbi = database(kind);
    insertPromotion(jdbi, "P-3", "ACTIVE");
    List<MarketEvent> published = new ArrayList<>();
    AlertActivitiesImpl activities = activities(jdbi, published::add);
    CannibalizationAlert alert = TestAlerts.alert("P-3");
    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-3");

    assertNonRetryable(() -> activities.executeAction(alert, stop), "alertId P-3-e1 is not stored");
    activities.persistAlert(alert);
    assertNonRetryable(
        () -> activities.markStatus(alert.alertId(), "WAITING"),
        "status must be one of",
        "got \"WAITING\"");
    assertNonRetryable(() -> activities.markStatus("nope", "CLOSED"), "alertId nope is not stored");
    assertNonRetryable(
        () ->
            activities.executeAction(
                alert, TestAlerts.action("other", ActionType.STOP_PROMOTION, "a-6")),
        "action a-6 has alertId other, expected P-3-e1");
    assertNonRetryable(
        () ->
            activities.executeAction(
                alert, TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-7")),
        "is a DISMISS");
    UserAction tooDear =
        new UserAction(
            1,
            "a-8",
            alert.alertId(),
            ActionType.ADJUST_PRICE,
            999L,
            null,
            "maria",
            Instant.parse("2026-01-05T11:00:00Z"));
    assertNonRetryable(
        () -> activities.executeAction(alert, tooDear),
        "newPriceCents must be <= the regular price 599 of promotion P-3, got 999");
    assertThat(published).isEmpty();
    assertThat(count(jdbi, "SELECT COUNT(*) FROM user_action")).isZero();
  }

  private static void assertNonRetryable(Runnable call, String... messageParts) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo("BadInput");
              assertThat(f.getOriginalMessage()).contains(messageParts);
            });
  }
}
