package io.truelift.workflows.analysis;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.model.BaselineModel;
import io.truelift.model.Granularity;
import io.truelift.model.Observation;
import io.truelift.model.SalesHistory;
import io.truelift.model.estimate.WhatIfForecaster;
import io.truelift.workflows.alert.AlertDao.PromotionPrices;
import io.truelift.workflows.alert.StrategyEffects;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommendations' effects from the active baseline model: the model module's {@link
 * WhatIfForecaster} (the API's what-if) forecasts the rest of the promotion, from the hour the
 * alert's evidence ends to the promotion's end, once at the promotion price and once at half the
 * discount, with the all-stores sales before it as the recent levels the model reads. Anything
 * missing (no active model, no sales of the promoted item, no promotion price) is a reason, never
 * a guessed figure.
 */
public final class WhatIfStrategyEffects implements StrategyEffects {
  private static final Logger log = LoggerFactory.getLogger(WhatIfStrategyEffects.class);

  /** The period forecast when the promotion has no end date on record (the heuristic's 24 h). */
  static final Duration DEFAULT_HORIZON = Duration.ofHours(24);

  /** The longest period forecast: an end further away is more likely on another clock. */
  static final Duration MAX_HORIZON = Duration.ofDays(14);

  /**
   * How long the what-if may take (reading the registry and the sales, loading a new model,
   * scoring): the analysis activity has 30 s, and a late forecast must not make it time out and
   * retry forever; past this budget the heuristic stands in, saying so.
   */
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(15);

  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "what-if");
            t.setDaemon(true);
            return t;
          });

  /**
   * All-stores hourly sales rows of {@code [from, to)} (e.g. from {@code windowed_sales}), at
   * least those of {@code category}: the model reads the sub-category's items and, for one
   * feature, whether other sub-categories of the category are promoted.
   */
  @FunctionalInterface
  public interface RecentSales {
    List<Observation> read(Instant from, Instant to, String category);
  }

  private final Supplier<Optional<BaselineModel>> activeModel;
  private final RecentSales sales;
  private final Function<String, Optional<Instant>> promotionEnd;
  private final Duration budget;

  /**
   * @param activeModel the registry's ACTIVE model, when there is one
   * @param promotionEnd the promotion's end on record ({@code promotion.ends_at}), if any
   */
  public WhatIfStrategyEffects(
      Supplier<Optional<BaselineModel>> activeModel,
      RecentSales sales,
      Function<String, Optional<Instant>> promotionEnd) {
    this(activeModel, sales, promotionEnd, DEFAULT_BUDGET);
  }

  WhatIfStrategyEffects(
      Supplier<Optional<BaselineModel>> activeModel,
      RecentSales sales,
      Function<String, Optional<Instant>> promotionEnd,
      Duration budget) {
    this.activeModel = activeModel;
    this.sales = sales;
    this.promotionEnd = promotionEnd;
    this.budget = budget;
  }

  @Override
  public Computation compute(CannibalizationAlert a, PromotionPrices prices) {
    Future<Computation> f = POOL.submit(() -> computeNow(a, prices));
    try {
      return f.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      log.warn("What-if of alert {} took longer than {}; heuristic effects", a.alertId(), budget);
      return Computation.unavailable("the what-if took longer than " + budget.toMillis() + " ms");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while forecasting alert " + a.alertId(), e);
    } catch (ExecutionException e) {
      // computeNow turns failures into reasons; anything else is a bug worth seeing.
      throw new IllegalStateException("what-if of alert " + a.alertId() + " failed", e.getCause());
    }
  }

  private Computation computeNow(CannibalizationAlert a, PromotionPrices prices) {
    Optional<BaselineModel> active;
    try {
      active = activeModel.get();
    } catch (RuntimeException e) {
      return Computation.unavailable("the model registry could not be read: " + e.getMessage());
    }
    if (active.isEmpty()) {
      return Computation.unavailable("no ACTIVE model in the model registry");
    }
    BaselineModel model = active.get();
    try {
      return forecast(model, a, prices);
    } catch (RuntimeException e) {
      log.warn("What-if of alert {} with model {} failed: {}", a.alertId(), model.modelId(), e.toString());
      return Computation.unavailable(
          "the what-if of model " + model.modelId() + " failed: " + e.getMessage());
    }
  }

  private Computation forecast(BaselineModel model, CannibalizationAlert a, PromotionPrices prices) {
    Granularity g = model.spec().granularity();
    Instant from = g.floor(a.windowEnd());
    Instant contextFrom = from.minus(g.length().multipliedBy(model.spec().levelLookbackBuckets()));
    List<Observation> rows =
        sales.read(contextFrom, from, a.category()).stream()
            .filter(o -> o.category().equals(a.category()))
            .toList();
    if (rows.stream().noneMatch(o -> o.sku().equals(a.promotedSku()))) {
      return Computation.unavailable(
          "no all-stores sales of %s in %s..%s to forecast from".formatted(a.promotedSku(), contextFrom, from));
    }
    SalesHistory history = SalesHistory.of(g, rows);
    double regular = history.products().get(a.promotedSku()).regularPriceCents();
    Long promo = prices != null ? Long.valueOf(prices.promoPriceCents()) : observedPromoPrice(rows, a.promotedSku());
    if (promo == null) {
      return Computation.unavailable(
          "the promotion price of " + a.promotionId() + " is neither on record nor in the recent sales");
    }
    promo = Math.min(promo, (long) Math.floor(regular));
    Instant to;
    String periodNote;
    Optional<Instant> end = promotionEnd.apply(a.promotionId()).filter(e -> e.isAfter(from));
    if (end.isEmpty()) {
      to = from.plus(DEFAULT_HORIZON);
      periodNote = "the next 24 h (no end date of the promotion after " + from + " on record)";
    } else if (end.get().isAfter(from.plus(MAX_HORIZON))) {
      to = from.plus(MAX_HORIZON);
      periodNote = "14 days (the promotion's end " + end.get() + " is further; capped)";
    } else {
      to = end.get();
      periodNote = "the rest of the promotion, to its end " + to;
    }
    WhatIfForecaster w = new WhatIfForecaster(model);
    var kept =
        w.forecast(history, request(a, promo, from, to)).estimate().netMarginCents();
    Long half = null;
    io.truelift.model.Interval halved = null;
    long regularCents = Math.round(regular);
    if (regularCents > promo) {
      // Half the discount: the midpoint between the promotion price and the regular price.
      half = (promo + regularCents + 1) / 2;
      halved = w.forecast(history, request(a, half, from, to)).estimate().netMarginCents();
    }
    return Computation.of(
        new Forecast(model.modelId(), from, to, periodNote, promo, half, kept, halved));
  }

  static WhatIfForecaster.Request request(CannibalizationAlert a, long priceCents, Instant from, Instant to) {
    return new WhatIfForecaster.Request(
        a.promotionId(), a.promotedSku(), "*", priceCents, false, false, from, to);
  }

  /** The promoted item's mean price over its promoted hours, when it sold any. */
  private static Long observedPromoPrice(List<Observation> rows, String sku) {
    double units = 0, revenue = 0;
    for (Observation o : rows) {
      if (o.sku().equals(sku) && o.promoted()) {
        units += o.units();
        revenue += o.units() * o.priceCents();
      }
    }
    return units > 0 ? Math.round(revenue / units) : null;
  }
}
