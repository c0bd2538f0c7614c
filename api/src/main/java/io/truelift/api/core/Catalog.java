package io.truelift.api.core;

import io.truelift.api.api.ProductView;
import io.truelift.api.api.SubstituteEdgeView;
import io.truelift.api.db.CatalogDao;
import io.truelift.model.SalesHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The products: the {@code product} table (loaded from the catalog feed, {@code
 * io.truelift.sql.FeedLoader}), or, while it is empty, the products of the sales history with their
 * regular price, names equal to the sku and the pipeline's 60 % cost rule. Substitutes: the stored edges (learned or catalog),
 * else the other products of the same sub-category.
 */
public final class Catalog {
  private final CatalogDao dao;
  private final ModelSource models;

  public Catalog(CatalogDao dao, ModelSource models) {
    this.dao = dao;
    this.models = models;
  }

  public List<ProductView> products() {
    List<ProductView> stored = dao.products();
    return stored.isEmpty() ? fromHistory() : stored;
  }

  public Optional<ProductView> product(String sku) {
    Optional<ProductView> stored = dao.product(sku);
    if (stored.isPresent()) {
      return stored;
    }
    return fromHistory().stream().filter(p -> p.sku().equals(sku)).findFirst();
  }

  /** The substitutes of {@code sku} (empty for an unknown sku: check {@link #product} first). */
  public List<SubstituteEdgeView> substitutes(String sku) {
    List<SubstituteEdgeView> edges = dao.edges(sku);
    if (!edges.isEmpty()) {
      return edges;
    }
    Optional<ProductView> p = product(sku);
    if (p.isEmpty()) {
      return List.of();
    }
    return products().stream()
        .filter(o -> !o.sku().equals(sku))
        .filter(o -> o.category().equals(p.get().category()) && o.subCategory().equals(p.get().subCategory()))
        .map(o -> new SubstituteEdgeView(o.sku(), null, "CATALOG"))
        .toList();
  }

  private List<ProductView> fromHistory() {
    Optional<SalesHistory> history = models.history();
    if (history.isEmpty()) {
      return List.of();
    }
    List<ProductView> out = new ArrayList<>();
    for (SalesHistory.Product p : history.get().products().values()) {
      out.add(
          new ProductView(
              p.sku(), p.sku(), p.category(), p.subCategory(), Math.round(p.regularPriceCents()),
              Math.round(p.unitCostCents())));
    }
    out.sort(Comparator.comparing(ProductView::category).thenComparing(ProductView::subCategory).thenComparing(ProductView::sku));
    return out;
  }
}
