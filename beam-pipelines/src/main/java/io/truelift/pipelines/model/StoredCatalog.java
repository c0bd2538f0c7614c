package io.truelift.pipelines.model;

import io.truelift.model.estimate.SubstitutionEdge;
import io.truelift.model.registry.SubstitutionEdgeStore;
import io.truelift.model.registry.SubstitutionEdgeStore.EdgeSet;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the baseline reads from the database besides the model, once at start: the substitution
 * edges stored with the model in use (their learned diversions share a substitute's loss between
 * concurrent promotions) and the products' unit costs from {@code product} (margins; a product not
 * in it costs {@link ModelBaseline#DEFAULT_COST_SHARE} of its regular price).
 */
public record StoredCatalog(EdgeSet edges, Map<String, Double> unitCostCents) {

  public static StoredCatalog load(String jdbcUrl, String user, String password, String modelId) {
    EdgeSet edges = new SubstitutionEdgeStore(jdbcUrl, user, password).forModel(modelId);
    Map<String, Double> costs = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password == null ? "" : password);
        PreparedStatement s = c.prepareStatement("SELECT sku, unit_cost_cents FROM product");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        costs.put(r.getString(1), (double) r.getLong(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read unit costs from product: " + e.getMessage(), e);
    }
    return new StoredCatalog(edges, Map.copyOf(costs));
  }

  /** The edges stored with a model, read from the database when the model in use changes. */
  public record StoredEdges(String jdbcUrl, String user, String password) implements ModelBaseline.EdgeSource {
    @Override
    public List<SubstitutionEdge> edgesOf(String modelId) {
      return new SubstitutionEdgeStore(jdbcUrl, user, password).forModel(modelId).edges();
    }
  }

  /** For the start-up log: which edges and how many costs. */
  public String description() {
    long learned =
        edges.edges().stream()
            .filter(e -> e.source().equals(SubstitutionEdge.LEARNED))
            .count();
    String set =
        edges.edges().isEmpty()
            ? "no stored substitution edges"
            : "%d substitution edges (%d learned) of model %s%s"
                .formatted(
                    edges.edges().size(),
                    learned,
                    edges.modelId().isEmpty() ? "(none)" : edges.modelId(),
                    edges.fallback() ? ", the newest set: the model in use has none" : "");
    return set + ", unit costs of " + unitCostCents.size() + " products";
  }
}
