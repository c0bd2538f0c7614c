package io.truelift.api.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.truelift.api.db.AlertQuery;
import io.truelift.api.db.AlertReads;
import java.time.Duration;

/**
 * The alert list's total per filter, reused for a short time: counting a large table is the
 * list's dominant cost (tens of milliseconds at 100,000 alerts against about one for the page),
 * and a dashboard that refreshes the list every second does not need a fresher total than that.
 * A TTL of zero counts every time.
 */
public final class AlertCounts {
  private final Cache<AlertQuery, Long> cache;

  public AlertCounts(Duration ttl) {
    this.cache =
        ttl.isZero() ? null : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000).build();
  }

  /** The total for these filters, counted with {@code alerts} when not known. */
  public long count(AlertQuery filters, AlertReads alerts) {
    return cache == null ? alerts.count(filters) : cache.get(filters, alerts::count);
  }
}
