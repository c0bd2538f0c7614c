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
 * Reads and upserts {@code substitution_edge} rows (standard MERGE: PostgreSQL 15 and H2). The
 * evidence columns (diversion, z, support) come from migration V2.
 */
public final class SubstitutionEdgeStore {
  private final String jdbcUrl;
  private final String user;
  private final String password;

  public SubstitutionEdgeStore(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password == null ? "" : password;
  }

  public int upsert(List<SubstitutionEdge> edges, Instant now) {
    String sql =
        "MERGE INTO substitution_edge t USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64))))"
            + " AS s(sku, substitute_sku) ON t.sku = s.sku AND t.substitute_sku = s.substitute_sku"
            + " WHEN MATCHED THEN UPDATE SET strength = ?, source = ?, diversion = ?, z_score = ?,"
            + " support = ?, updated_at = ?"
            + " WHEN NOT MATCHED THEN INSERT (sku, substitute_sku, strength, source, diversion, z_score,"
            + " support, updated_at) VALUES (s.sku, s.substitute_sku, ?, ?, ?, ?, ?, ?)";
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (SubstitutionEdge e : edges) {
        s.setString(1, e.sku());
        s.setString(2, e.substituteSku());
        for (int off : new int[] {3, 9}) {
          s.setDouble(off, e.strength());
          s.setString(off + 1, e.source());
          s.setDouble(off + 2, e.diversion());
          s.setDouble(off + 3, e.zScore());
          s.setInt(off + 4, e.support());
          s.setTimestamp(off + 5, Timestamp.from(now));
        }
        s.addBatch();
      }
      s.executeBatch();
      return edges.size();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot write substitution edges: " + e.getMessage(), e);
    }
  }

  public List<SubstitutionEdge> all() {
    List<SubstitutionEdge> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT sku, substitute_sku, strength, diversion, z_score, support, source"
                    + " FROM substitution_edge ORDER BY sku, strength DESC");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(
            new SubstitutionEdge(
                r.getString(1), r.getString(2), r.getDouble(3), r.getDouble(4), r.getDouble(5),
                r.getInt(6), r.getString(7)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read substitution edges: " + e.getMessage(), e);
    }
    return out;
  }
}
