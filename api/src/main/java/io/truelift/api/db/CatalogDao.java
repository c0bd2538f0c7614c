package io.truelift.api.db;

import io.truelift.api.api.ProductView;
import io.truelift.api.api.SubstituteEdgeView;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The product catalog and the substitution edges between products. */
@RegisterConstructorMapper(ProductView.class)
public interface CatalogDao {
  String PRODUCT =
      "SELECT sku, name, category, sub_category, regular_price_cents, unit_cost_cents FROM product";

  @SqlQuery(PRODUCT + " ORDER BY category, sub_category, sku")
  List<ProductView> products();

  @SqlQuery(PRODUCT + " WHERE sku = :sku")
  Optional<ProductView> product(@Bind("sku") String sku);

  /**
   * Stored edges of {@code sku}: SUBCATEGORY is the catalog default, shown as CATALOG. One set of
   * edges is stored per model version (V7): the ACTIVE model's, else the newest set of a model
   * neither retired nor rejected, as the pipeline reads them.
   */
  @SqlQuery(
      """
      SELECT substitute_sku AS sku, strength,
        CASE source WHEN 'SUBCATEGORY' THEN 'CATALOG' ELSE source END AS source
      FROM substitution_edge
      WHERE sku = :sku AND model_id = COALESCE(
        (SELECT e.model_id FROM substitution_edge e JOIN model_version m ON m.model_id = e.model_id
          WHERE m.status = 'ACTIVE' ORDER BY m.decided_at DESC FETCH FIRST 1 ROWS ONLY),
        (SELECT model_id FROM substitution_edge WHERE model_id NOT IN
            (SELECT model_id FROM model_version WHERE status IN ('RETIRED', 'REJECTED'))
          ORDER BY updated_at DESC, model_id FETCH FIRST 1 ROWS ONLY))
      ORDER BY strength DESC, substitute_sku
      """)
  @RegisterConstructorMapper(SubstituteEdgeView.class)
  List<SubstituteEdgeView> edges(@Bind("sku") String sku);
}
