package io.truelift.pipelines.model;

import io.truelift.core.contracts.MarketEvent;
import java.io.Serializable;

/**
 * One input of a sub-category's detector: either a pane of one of its windows (with whether the
 * runner fired it late) or a change from {@code market_events}. Both streams are keyed by
 * sub-category into one stateful step, so the detector sees them in event-time order.
 */
public record DetectionInput(SubCategoryWindow window, boolean latePane, MarketEvent marketEvent)
    implements Serializable {

  public DetectionInput {
    if ((window == null) == (marketEvent == null)) {
      throw new IllegalArgumentException("exactly one of window and marketEvent must be set");
    }
  }

  public static DetectionInput of(SubCategoryWindow w, boolean latePane) {
    return new DetectionInput(w, latePane, null);
  }

  public static DetectionInput of(MarketEvent e) {
    return new DetectionInput(null, false, e);
  }
}
