package io.truelift.workflows.alert;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.truelift.core.contracts.CannibalizationAlert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed search attributes every alert workflow carries, so an alert is easy to find in the
 * Temporal UI ({@code TrueLiftSeverity = "HIGH" AND TrueLiftAlertStatus = "ESCALATED"}). They must
 * be registered on the namespace first ({@link #ALL}); the worker does it at start-up.
 */
public final class AlertSearchAttributes {
  public static final SearchAttributeKey<String> PROMOTION =
      SearchAttributeKey.forKeyword("TrueLiftPromotionId");
  public static final SearchAttributeKey<String> PRODUCT =
      SearchAttributeKey.forKeyword("TrueLiftProductSku");
  public static final SearchAttributeKey<String> CATEGORY =
      SearchAttributeKey.forKeyword("TrueLiftCategory");
  public static final SearchAttributeKey<String> SEVERITY =
      SearchAttributeKey.forKeyword("TrueLiftSeverity");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("TrueLiftAlertStatus");

  /** Name and type of each, for registration. */
  public static final Map<String, IndexedValueType> ALL = all();

  private AlertSearchAttributes() {}

  private static Map<String, IndexedValueType> all() {
    Map<String, IndexedValueType> m = new LinkedHashMap<>();
    for (SearchAttributeKey<String> k : List.of(PROMOTION, PRODUCT, CATEGORY, SEVERITY, STATUS)) {
      m.put(k.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return Map.copyOf(m);
  }

  /** The attributes of a newly started alert workflow (status OPEN). */
  public static SearchAttributes initial(CannibalizationAlert a) {
    return SearchAttributes.newBuilder()
        .set(PROMOTION, a.promotionId())
        .set(PRODUCT, a.promotedSku())
        .set(CATEGORY, a.category())
        .set(SEVERITY, a.severity().name())
        .set(STATUS, "OPEN")
        .build();
  }

  /** The memo: a one-line summary readable in the Temporal UI, and the alert's key numbers. */
  public static Map<String, Object> memo(CannibalizationAlert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "summary",
        String.format(
            java.util.Locale.ROOT,
            "%s alert on promotion %s: %s took %.0f units (%.0f%% of its lift) from %d"
                + " substitute(s) in %s, $%.2f of lost sales",
            a.severity(),
            a.promotionId(),
            a.promotedSku(),
            a.cannibalizedUnits(),
            100 * a.cannibalizationRate(),
            a.substitutes().size(),
            a.subCategory(),
            a.lostRevenueCents() / 100.0));
    m.put("alertId", a.alertId());
    m.put("detectedAt", a.detectedAt().toString());
    m.put("lostRevenueCents", a.lostRevenueCents());
    m.put("testStatistic", a.testStatistic());
    return m;
  }
}
