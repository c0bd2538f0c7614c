package io.truelift.workflows.effect;

import io.temporal.failure.ApplicationFailure;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.core.contracts.UserAction;
import io.truelift.workflows.alert.EffectivenessResult;
import io.truelift.workflows.effect.EffectivenessMeasurer.Measurement;
import io.truelift.workflows.effect.EffectivenessMeasurer.ProductInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures an executed action from {@code windowed_sales} and {@code product}: anchored at the
 * action's execution ({@link MeasurementPlan#anchor}), difference-in-differences of the group's
 * margin against the untouched control ({@link EffectivenessMeasurer}), stored as {@code
 * eval-<actionId>}.
 */
public class EffectivenessActivitiesImpl implements EffectivenessActivities {
  private static final Logger log = LoggerFactory.getLogger(EffectivenessActivitiesImpl.class);

  private final EffectivenessDao dao;
  private final EffectivenessSettings settings;
  private final Clock clock;
  private final EffectivenessMeasurer measurer = new EffectivenessMeasurer();

  public EffectivenessActivitiesImpl(
      EffectivenessDao dao, EffectivenessSettings settings, Clock clock) {
    this.dao = dao;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public EffectivenessResult measureEffect(CannibalizationAlert alert, UserAction action) {
    if (alert == null || action == null || !alert.alertId().equals(action.alertId())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "measureEffect needs an alert and an action of that alert, got %s and %s"
              .formatted(
                  alert == null ? null : alert.alertId(), action == null ? null : action.alertId()),
          "BadInput");
    }
    if (action.type() == ActionType.DISMISS) {
      throw ApplicationFailure.newNonRetryableFailure(
          "action " + action.actionId() + " is a DISMISS: nothing was changed to measure",
          "BadInput");
    }
    Instant executedAt =
        dao.execution(action.actionId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "action " + action.actionId() + " has not been executed", "BadInput"))
            .executedAt();
    Instant anchor =
        MeasurementPlan.anchor(
            executedAt,
            dao.newestWindowEnd(EffectivenessDao.ts(executedAt)).orElse(null),
            settings.streamLagTolerance());
    MeasurementPlan plan =
        new MeasurementPlan(
            alert.promotionId(),
            alert.promotedSku(),
            alert.substitutes().stream().map(SubstituteLoss::sku).toList(),
            alert.category(),
            alert.subCategory(),
            dao.promotionScope(alert.promotionId())
                .map(EffectivenessDao.PromotionScope::storeId)
                .orElse(null),
            alert.windowStart(),
            anchor,
            settings);
    Map<String, ProductInfo> products =
        dao.products().stream().collect(Collectors.toMap(ProductInfo::sku, Function.identity()));
    Measurement m =
        measurer.measure(
            plan,
            dao.sales(EffectivenessDao.ts(plan.preStart()), EffectivenessDao.ts(plan.postEnd())),
            products);
    String evaluationId = "eval-" + action.actionId();
    dao.save(evaluationId, alert.alertId(), action.actionId(), plan, m, clock.instant());
    EffectEstimate e = m.estimate();
    log.info(
        "Alert {} action {} measured: {} {} cents [{}, {}], score {} (anchor {}, executed {}): {}",
        alert.alertId(),
        action.actionId(),
        e.outcome(),
        EffectivenessDao.round(e.estimateCents()),
        EffectivenessDao.round(e.lowerCents()),
        EffectivenessDao.round(e.upperCents()),
        e.score(),
        anchor,
        executedAt,
        e.detail());
    return new EffectivenessResult(
        evaluationId,
        e.outcome().name(),
        EffectivenessDao.round(e.estimateCents()),
        EffectivenessDao.round(e.lowerCents()),
        EffectivenessDao.round(e.upperCents()),
        e.score(),
        m.method());
  }
}
