package io.truelift.model.estimate;

import java.io.Serializable;

/**
 * "When {@code sku} is promoted, {@code substituteSku} loses {@code strength} of its baseline"
 * (a row of {@code substitution_edge}). {@code source} is SUBCATEGORY (the catalog default,
 * strength 1) or LEARNED (from history), with the evidence behind a learned edge.
 *
 * @param strength fraction of the substitute's no-promotion baseline lost while sku is promoted
 * @param diversion units the substitute loses per unit of the promoted product's gross lift
 * @param zScore the shortfall divided by its standard error
 * @param support promoted buckets the edge was measured on
 */
public record SubstitutionEdge(
    String sku,
    String substituteSku,
    double strength,
    double diversion,
    double zScore,
    int support,
    String source)
    implements Serializable {
  public static final String SUBCATEGORY = "SUBCATEGORY";
  public static final String LEARNED = "LEARNED";
}
