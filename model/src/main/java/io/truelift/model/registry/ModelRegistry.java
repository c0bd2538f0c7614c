package io.truelift.model.registry;

import io.truelift.model.BaselineModel;
import io.truelift.model.FeatureSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model registry over the {@code model_version} table (plain JDBC, PostgreSQL or H2): a
 * trained model is registered as a CANDIDATE with its artifact saved under {@code artifactRoot},
 * and activating one retires the previous active version in the same transaction, so exactly
 * one is ACTIVE. Readers (the pipeline, the API) poll {@link #active()} through {@link
 * ActiveModelProvider}.
 */
public final class ModelRegistry {
  private final String jdbcUrl;
  private final String user;
  private final String password;

  public ModelRegistry(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password == null ? "" : password;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** Saves the artifact to {@code artifactRoot/<modelId>/} and inserts a CANDIDATE row. */
  public ModelVersion register(BaselineModel model, Path artifactRoot, Instant now) {
    Path ubj = model.save(artifactRoot.resolve(model.modelId())).toAbsolutePath();
    BaselineModel.Descriptor d = model.descriptor();
    String metrics;
    try {
      metrics = io.truelift.core.contracts.EventJson.mapper().writeValueAsString(model.metrics());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    ModelVersion v =
        new ModelVersion(
            model.modelId(), d.kind(), ModelVersion.CANDIDATE, d.trainedFrom(), d.trainedTo(),
            String.join(",", FeatureSpec.FEATURES) + ";granularity=" + d.spec().granularity(),
            metrics, ubj.toUri().toString(), now, null, null);
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO model_version (model_id, kind, status, trained_from, trained_to, features,"
                    + " metrics_json, artifact_uri, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, v.modelId());
      s.setString(2, v.kind());
      s.setString(3, v.status());
      s.setTimestamp(4, ts(v.trainedFrom()));
      s.setTimestamp(5, ts(v.trainedTo()));
      s.setString(6, v.features());
      s.setString(7, v.metricsJson());
      s.setString(8, v.artifactUri());
      s.setTimestamp(9, ts(now));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot register model " + model.modelId() + ": " + e.getMessage(), e);
    }
    return v;
  }

  /** Makes {@code modelId} the active version and retires the previous one (one transaction). */
  public void activate(String modelId, String reason, Instant now) {
    decide(modelId, ModelVersion.ACTIVE, reason, now);
  }

  /** Marks a candidate rejected (e.g. it lost to the active version on held-out data). */
  public void reject(String modelId, String reason, Instant now) {
    decide(modelId, ModelVersion.REJECTED, reason, now);
  }

  private void decide(String modelId, String status, String reason, Instant now) {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        if (find(c, modelId).isEmpty()) {
          throw new IllegalArgumentException("No model_version with model_id \"" + modelId + "\"");
        }
        if (status.equals(ModelVersion.ACTIVE)) {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE model_version SET status = 'RETIRED', decided_at = ?, decision_reason = ?"
                      + " WHERE status = 'ACTIVE' AND model_id <> ?")) {
            s.setTimestamp(1, ts(now));
            s.setString(2, "replaced by " + modelId);
            s.setString(3, modelId);
            s.executeUpdate();
          }
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE model_version SET status = ?, decided_at = ?, decision_reason = ? WHERE model_id = ?")) {
          s.setString(1, status);
          s.setTimestamp(2, ts(now));
          s.setString(3, reason);
          s.setString(4, modelId);
          s.executeUpdate();
        }
        c.commit();
      } catch (RuntimeException | SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot set model " + modelId + " to " + status + ": " + e.getMessage(), e);
    }
  }

  /** The ACTIVE version, if any (the newest decided one should two ever be active). */
  public Optional<ModelVersion> active() {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT * FROM model_version WHERE status = 'ACTIVE' ORDER BY decided_at DESC")) {
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(row(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the active model: " + e.getMessage(), e);
    }
  }

  public Optional<ModelVersion> find(String modelId) {
    try (Connection c = connect()) {
      return find(c, modelId);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read model " + modelId + ": " + e.getMessage(), e);
    }
  }

  public List<ModelVersion> all() {
    List<ModelVersion> out = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT * FROM model_version ORDER BY created_at");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(row(r));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot list models: " + e.getMessage(), e);
    }
    return out;
  }

  private static Optional<ModelVersion> find(Connection c, String modelId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM model_version WHERE model_id = ?")) {
      s.setString(1, modelId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(row(r)) : Optional.empty();
      }
    }
  }

  /** Loads the artifact of a registered version. */
  public static BaselineModel load(ModelVersion v) {
    return BaselineModel.load(Path.of(java.net.URI.create(v.artifactUri())));
  }

  private static ModelVersion row(ResultSet r) throws SQLException {
    return new ModelVersion(
        r.getString("model_id"), r.getString("kind"), r.getString("status"),
        instant(r.getTimestamp("trained_from")), instant(r.getTimestamp("trained_to")),
        r.getString("features"), r.getString("metrics_json"), r.getString("artifact_uri"),
        instant(r.getTimestamp("created_at")), instant(r.getTimestamp("decided_at")),
        r.getString("decision_reason"));
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
