package io.truelift.workflows.effect;

import io.temporal.activity.ActivityInterface;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.UserAction;
import io.truelift.workflows.alert.EffectivenessResult;

/** Measuring an executed action's effect on the group's margin. */
@ActivityInterface
public interface EffectivenessActivities {
  /**
   * Measures the effect of the executed {@code action} (anchored at its execution), stores it as
   * evaluation {@code eval-<actionId>} and sets the alert MEASURED. Idempotent.
   */
  EffectivenessResult measureEffect(CannibalizationAlert alert, UserAction action);
}
