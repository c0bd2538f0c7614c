package io.truelift.model;

import java.util.List;

/**
 * Out-of-sample accuracy of a model on rows it was not trained on: WAPE with the promotion
 * signals as observed, WAPE of the no-promotion baseline on clean rows (where the counterfactual
 * is observed), the share of rows inside their 90% interval, and the mean Poisson deviance.
 */
public record HeldOutMetrics(
    int rows,
    int cleanRows,
    double wape,
    double cleanWape,
    double coverage90,
    double cleanCoverage90,
    double poissonDeviance) {

  public static HeldOutMetrics of(BaselineModel model, SalesHistory context, List<Observation> rows) {
    List<BaselineModel.Prediction> p = model.predictWithIntervals(context, rows, PromotionMask.NONE);
    double err = 0, tot = 0, cErr = 0, cTot = 0, dev = 0;
    int covered = 0, clean = 0, cleanCovered = 0;
    for (int i = 0; i < rows.size(); i++) {
      Observation o = rows.get(i);
      double y = o.units(), m = p.get(i).units();
      err += Math.abs(y - m);
      tot += y;
      dev += 2 * ((y > 0 ? y * Math.log(y / Math.max(m, 1e-9)) : 0) - (y - m));
      boolean in = y >= p.get(i).lower() && y <= p.get(i).upper();
      covered += in ? 1 : 0;
      if (isClean(context, o)) {
        clean++;
        cErr += Math.abs(y - m);
        cTot += y;
        cleanCovered += in ? 1 : 0;
      }
    }
    return new HeldOutMetrics(
        rows.size(), clean, err / Math.max(tot, 1e-9), cErr / Math.max(cTot, 1e-9),
        covered / (double) Math.max(1, rows.size()), cleanCovered / (double) Math.max(1, clean),
        dev / Math.max(1, rows.size()));
  }

  /** Neither the row's product nor a sibling was promoted in its bucket. */
  public static boolean isClean(SalesHistory context, Observation o) {
    return !o.anyPromotion() && context.siblingsPromoted(o) == 0;
  }
}
