package io.truelift.model.estimate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shares one substitute's loss between promotions running at the same time in its category, in
 * proportion to each promotion's estimated cross-effect on it: the promotion's gross lift times
 * the units the substitute loses per unit of that lift (a learned diversion; DESIGN.md). Where no
 * cross-effect is known the factor is 1, i.e. the share follows the uplift.
 */
public final class ConcurrentAllocation {
  private ConcurrentAllocation() {}

  /**
   * @param grossLift each concurrent promotion's gross lift in units (negative counts as 0)
   * @param strength each promotion's cross-effect factor towards the substitute, e.g. its learned
   *     diversion (missing = 1)
   * @return each promotion's share of the substitute's loss, summing to 1 (equal shares when no
   *     promotion has a positive lift)
   */
  public static Map<String, Double> shares(Map<String, Double> grossLift, Map<String, Double> strength) {
    Map<String, Double> out = new LinkedHashMap<>();
    double total = 0;
    for (var e : grossLift.entrySet()) {
      double w = Math.max(0, e.getValue()) * Math.max(0, strength.getOrDefault(e.getKey(), 1.0));
      out.put(e.getKey(), w);
      total += w;
    }
    if (total <= 0) {
      double equal = grossLift.isEmpty() ? 0 : 1.0 / grossLift.size();
      out.replaceAll((k, v) -> equal);
      return out;
    }
    double t = total;
    out.replaceAll((k, v) -> v / t);
    return out;
  }
}
