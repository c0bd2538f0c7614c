package io.truelift.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;

import io.dropwizard.jdbi3.jersey.LoggingJdbiExceptionMapper;
import io.dropwizard.jersey.errors.ErrorMessage;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.truelift.api.core.AlertWorkflows;
import io.truelift.api.db.AlertDao;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Clock;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.TransactionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A database outage answers 503 with Retry-After; other database errors stay the bundle's 500. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseUnavailableMapperTest {
  private static final AlertDao DAO = mock(AlertDao.class);

  static final ResourceExtension RESOURCES =
      ResourceExtension.builder()
          .addResource(new AlertResource(
                  DAO,
                  io.truelift.api.core.AlertStore.of(DAO),
                  new io.truelift.api.core.AlertDetails(io.truelift.api.core.ModelSource.NONE),
                  new io.truelift.api.core.AlertCounts(java.time.Duration.ZERO),
                  mock(AlertWorkflows.class),
                  Clock.systemUTC()))
          .addProvider(new LoggingJdbiExceptionMapper())
          .addProvider(new DatabaseUnavailableMapper.ForConnections())
          .addProvider(new DatabaseUnavailableMapper.ForStatements())
          .addProvider(new DatabaseUnavailableMapper.ForTransactions())
          .build();

  @AfterEach
  void resetDao() {
    reset(DAO);
  }

  private Response list() {
    return RESOURCES.target("/alerts").request().get();
  }

  private static void assertUnavailable(Response r) {
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
    assertThat(r.readEntity(ErrorMessage.class).getMessage())
        .isEqualTo(DatabaseUnavailableMapper.MESSAGE);
  }

  @Test
  void noConnectionIsA503TheClientMayRetry() {
    when(DAO.list(any()))
        .thenThrow(new ConnectionException(new SQLException("Connection to 127.0.0.1:5432 refused", "08001")));
    assertUnavailable(list());
  }

  @Test
  void aConnectionBrokenMidStatementIsA503() {
    when(DAO.list(any()))
        .thenThrow(
            new UnableToExecuteStatementException(
                new SQLException("An I/O error occurred while sending to the backend", "08006", new ConnectException()),
                null));
    assertUnavailable(list());
  }

  @Test
  void h2sBrokenConnectionIsA503() {
    when(DAO.list(any()))
        .thenThrow(
            new UnableToExecuteStatementException(
                new SQLException("Connection is broken: \"session closed\"", "90067"),
                null));
    assertUnavailable(list());
  }

  @Test
  void aTransactionThatCannotBeginForLackOfAConnectionIsA503() {
    when(DAO.list(any()))
        .thenThrow(new TransactionException("Failed to start transaction", new SQLException("closed", "08003")));
    assertUnavailable(list());
  }

  @Test
  void aBrokenQueryIsStillTheGeneric500() {
    when(DAO.list(any()))
        .thenThrow(new UnableToExecuteStatementException(new SQLException("syntax error", "42601"), null));
    Response r = list();
    assertThat(r.getStatus()).isEqualTo(500);
    assertThat(r.readEntity(ErrorMessage.class).getMessage()).startsWith("There was an error processing your request");
  }
}
