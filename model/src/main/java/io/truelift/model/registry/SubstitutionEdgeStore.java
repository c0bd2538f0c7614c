package io.truelift.model.registry;

import io.truelift.model.estimate.SubstitutionEdge;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code substitution_edge} table (plain JDBC, PostgreSQL 15 and H2): one set of edges per
 * model version (V7), written when the model is trained ({@link #replace}) and read by whoever
 * uses that model ({@link #forModel}). The evidence columns (diversion, z, support) come from V2.
 */
public final class SubstitutionEdgeStore {
  /** Rows tied to no model (V7's default: entered by hand, a catalog import). */
  public static final String NO_MODEL = "";

  /**
   * The edges a reader gets: those of {@code modelId}, the model it asked for or, when that one has
   * none, the set written last ({@code fallback} true); empty when there is none.
   */
  public record EdgeSet(String modelId, boolean fallback, List<SubstitutionEdge> edges) {}

  private final String jdbcUrl;
  private final String user;
  private final String password;

  public SubstitutionEdgeStore(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password == null ? "" : password;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** See {@link #replace(Connection, String, List, Instant)}. */
  public int replace(String modelId, List<SubstitutionEdge> edges, Instant now) {
    try (Connection c = connect()) {
      return replace(c, modelId, edges, now);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot write substitution edges: " + e.getMessage(), e);
    }
  }

  /**
   * Makes {@code edges} the whole set of {@code modelId} in one transaction, so a re-run (a retried
   * training) leaves exactly this set, and drops the sets of RETIRED and REJECTED models, which
   * nothing reads any more: the table holds the active model's set and the candidates'.
   */
  public static int replace(Connection c, String modelId, List<SubstitutionEdge> edges, Instant now)
      throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement s =
          c.prepareStatement(
              "DELETE FROM substitution_edge WHERE model_id = ? OR model_id IN (SELECT model_id FROM"
                  + " model_version WHERE status IN ('RETIRED', 'REJECTED'))")) {
        s.setString(1, modelId);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO substitution_edge (model_id, sku, substitute_sku, strength, source,"
                  + " diversion, z_score, support, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (SubstitutionEdge e : edges) {
          s.setString(1, modelId);
          s.setString(2, e.sku());
          s.setString(3, e.substituteSku());
          s.setDouble(4, e.strength());
          s.setString(5, e.source());
          s.setDouble(6, e.diversion());
          s.setDouble(7, e.zScore());
          s.setInt(8, e.support());
          s.setTimestamp(9, Timestamp.from(now));
          s.addBatch();
        }
        s.executeBatch();
      }
      c.commit();
      return edges.size();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * The set of {@code modelId}; when it has none (a model trained before edges were stored), the
   * set written last, a retired or rejected model's excepted.
   */
  public EdgeSet forModel(String modelId) {
    try (Connection c = connect()) {
      List<SubstitutionEdge> own = read(c, modelId);
      if (!own.isEmpty()) {
        return new EdgeSet(modelId, false, own);
      }
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT model_id FROM substitution_edge WHERE model_id NOT IN (SELECT model_id"
                      + " FROM model_version WHERE status IN ('RETIRED', 'REJECTED'))"
                      + " ORDER BY updated_at DESC, model_id FETCH FIRST 1 ROWS ONLY");
          ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return new EdgeSet(modelId, false, List.of());
        }
        String latest = r.getString(1);
        return new EdgeSet(latest, true, read(c, latest));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read substitution edges: " + e.getMessage(), e);
    }
  }

  /** Every stored edge, of every model. */
  public List<SubstitutionEdge> all() {
    try (Connection c = connect()) {
      return read(c, null);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read substitution edges: " + e.getMessage(), e);
    }
  }

  private static List<SubstitutionEdge> read(Connection c, String modelId) throws SQLException {
    List<SubstitutionEdge> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT sku, substitute_sku, strength, diversion, z_score, support, source"
                + " FROM substitution_edge"
                + (modelId == null ? "" : " WHERE model_id = ?")
                + " ORDER BY sku, strength DESC, substitute_sku")) {
      if (modelId != null) {
        s.setString(1, modelId);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new SubstitutionEdge(
                  r.getString(1), r.getString(2), r.getDouble(3), r.getDouble(4), r.getDouble(5),
                  r.getInt(6), r.getString(7)));
        }
      }
    }
    return out;
  }
}
