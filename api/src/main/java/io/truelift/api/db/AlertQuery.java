package io.truelift.api.db;

import java.util.Locale;

/**
 * What the alert list asks for: optional filters (status, severity, category, a search text
 * matched against the alert id, promotion id and promoted sku), a sort and a page. Values are
 * already validated (see {@code AlertResource}); only the whitelisted sort expressions reach SQL.
 */
public record AlertQuery(
    String status,
    String severity,
    String category,
    String q,
    Sort sort,
    boolean ascending,
    int limit,
    int offset) {

  /** The sortable fields, by their JSON names, and the SQL each sorts by. */
  public enum Sort {
    DETECTED_AT("detectedAt", "detected_at"),
    SEVERITY(
        "severity",
        "CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 ELSE 4 END"),
    LOST_REVENUE_CENTS("lostRevenueCents", "lost_revenue_cents"),
    CANNIBALIZATION_RATE("cannibalizationRate", "cannibalization_rate");

    private final String field;
    private final String sql;

    Sort(String field, String sql) {
      this.field = field;
      this.sql = sql;
    }

    public String field() {
      return field;
    }

    String sql() {
      return sql;
    }

    /** The sort named {@code field} (case-insensitive), or null. */
    public static Sort byField(String field) {
      for (Sort s : values()) {
        if (s.field.equalsIgnoreCase(field)) {
          return s;
        }
      }
      return null;
    }
  }

  /** The same filters, for the count (sort and page do not change it). */
  public AlertQuery filtersOnly() {
    return new AlertQuery(status, severity, category, q, Sort.DETECTED_AT, false, 0, 0);
  }

  /** The WHERE clause of the present filters only (a generic plan on a large table stays good). */
  String where() {
    StringBuilder w = new StringBuilder();
    if (status != null) {
      and(w, "status = :status");
    }
    if (severity != null) {
      and(w, "severity = :severity");
    }
    if (category != null) {
      and(w, "category = :category");
    }
    if (q != null) {
      and(
          w,
          "(LOWER(alert_id) LIKE :q OR LOWER(promotion_id) LIKE :q OR LOWER(promoted_sku) LIKE :q)");
    }
    return w.toString();
  }

  String orderBy() {
    String dir = ascending ? "ASC" : "DESC";
    // The alert id breaks ties so that pages never overlap or skip rows.
    return " ORDER BY " + sort.sql() + " " + dir + ", alert_id " + dir;
  }

  /** The search text as a LIKE pattern (wildcards in it are matched literally). */
  String qPattern() {
    String escaped =
        q.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }

  private static void and(StringBuilder w, String condition) {
    w.append(w.isEmpty() ? " WHERE " : " AND ").append(condition);
  }
}
