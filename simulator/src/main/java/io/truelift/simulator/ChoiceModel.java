package io.truelift.simulator;

import java.util.List;
import java.util.Map;

/**
 * Nested multinomial logit within one category: a shopper who came for the category buys one of
 * its products or nothing (the outside option, utility {@code outsideUtility}). Products are
 * nested by sub-category with dissimilarity {@code lambda}, so a discount draws mostly from
 * same-sub-category siblings, less from other sub-categories, and partly from the outside option
 * (truly incremental demand).
 */
public final class ChoiceModel {
  /** Price sensitivity on ln(price / regular price): a 35% discount adds about 1.1 utils. */
  public static final double PRICE_BETA = -2.5;

  private ChoiceModel() {}

  /**
   * Purchase probability of each product of the category (in {@code products} order) given the
   * current prices (cents by sku; missing means regular price). The remainder to 1 is the outside
   * option.
   */
  public static double[] probabilities(
      Catalog catalog, Catalog.Category category, List<Product> products, Map<String, Long> prices) {
    return probabilities(catalog, category, products, prices, PRICE_BETA);
  }

  static double[] probabilities(
      Catalog catalog,
      Catalog.Category category,
      List<Product> products,
      Map<String, Long> prices,
      double beta) {
    int n = products.size();
    double[] expV = new double[n];
    // Nest sums are accumulated by sub-category; categories have a handful of products, so a
    // quadratic scan is cheaper than maps and keeps the order deterministic.
    double[] nestSum = new double[n];
    for (int i = 0; i < n; i++) {
      Product p = products.get(i);
      long price = prices.getOrDefault(p.sku(), p.regularPriceCents());
      double v = p.intercept() + beta * Math.log((double) price / p.regularPriceCents());
      expV[i] = Math.exp(v / catalog.lambda(p.subCategory()));
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (products.get(j).subCategory().equals(products.get(i).subCategory())) {
          nestSum[i] += expV[j];
        }
      }
    }
    double denominator = Math.exp(category.outsideUtility());
    for (int i = 0; i < n; i++) {
      boolean firstOfNest = true;
      for (int j = 0; j < i; j++) {
        if (products.get(j).subCategory().equals(products.get(i).subCategory())) {
          firstOfNest = false;
          break;
        }
      }
      if (firstOfNest) {
        denominator += Math.pow(nestSum[i], catalog.lambda(products.get(i).subCategory()));
      }
    }
    double[] probs = new double[n];
    for (int i = 0; i < n; i++) {
      double nestWeight = Math.pow(nestSum[i], catalog.lambda(products.get(i).subCategory()));
      probs[i] = nestWeight / denominator * expV[i] / nestSum[i];
    }
    return probs;
  }
}
