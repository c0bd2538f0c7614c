package io.truelift.api.api;

import java.util.List;

/** A page of alerts and the total matching the filter. */
public record AlertPage(List<AlertSummary> items, long total) {}
