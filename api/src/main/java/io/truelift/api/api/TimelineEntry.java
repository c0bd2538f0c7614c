package io.truelift.api.api;

import java.time.Instant;

/** One step of an alert's lifecycle (DETECTED, ANALYSED, ESCALATED, ACTION_REQUESTED, ...). */
public record TimelineEntry(Instant at, String kind, String detail) {}
