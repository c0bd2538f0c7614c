package io.truelift.api.resources;

import io.dropwizard.jdbi3.jersey.LoggingJdbiExceptionMapper;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.transaction.TransactionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 503 with {@code Retry-After} when the database cannot be reached (no connection, or one
 * broken mid-statement), instead of the generic 500 of {@code JdbiExceptionsBundle}, so a client
 * knows the request may simply be retried. Any other database error keeps the bundle's 500.
 * Registered for {@link ConnectionException}, {@link StatementException} and {@link
 * TransactionException}: Jersey prefers these closer types over the bundle's {@code JdbiException}
 * mapper.
 */
public final class DatabaseUnavailableMapper {
  static final int RETRY_AFTER_SECONDS = 5;
  static final String MESSAGE =
      "The database is unavailable; retry the request in a few seconds (an action already stored"
          + " by an earlier attempt answers 409)";

  private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableMapper.class);
  // H2's "connection is broken" and "database closed" codes; other drivers use SQLState class 08.
  private static final java.util.Set<String> H2_CONNECTION_STATES = java.util.Set.of("90067", "90098", "90121");

  private DatabaseUnavailableMapper() {}

  /** For failures to obtain a connection (refused, pool timed out). */
  public static final class ForConnections implements ExceptionMapper<ConnectionException> {
    @Override
    public Response toResponse(ConnectionException e) {
      return unavailable(e);
    }
  }

  /** For statements: 503 when the connection broke, the bundle's 500 for anything else. */
  public static final class ForStatements implements ExceptionMapper<StatementException> {
    private final LoggingJdbiExceptionMapper fallback = new LoggingJdbiExceptionMapper();

    @Override
    public Response toResponse(StatementException e) {
      return isConnectionFailure(e) ? unavailable(e) : fallback.toResponse(e);
    }
  }

  /** For transactions that could not begin or commit: 503 when the connection broke. */
  public static final class ForTransactions implements ExceptionMapper<TransactionException> {
    private final LoggingJdbiExceptionMapper fallback = new LoggingJdbiExceptionMapper();

    @Override
    public Response toResponse(TransactionException e) {
      return isConnectionFailure(e) ? unavailable(e) : fallback.toResponse(e);
    }
  }

  static Response unavailable(JdbiException e) {
    log.warn("Database unavailable, answering 503: {}", rootMessage(e));
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .header("Retry-After", RETRY_AFTER_SECONDS)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorMessage(503, MESSAGE))
        .build();
  }

  /** Whether {@code e} comes from a lost or refused connection rather than from the SQL. */
  public static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SocketException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        if (s.getSQLState().startsWith("08") || H2_CONNECTION_STATES.contains(s.getSQLState())) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }
}
