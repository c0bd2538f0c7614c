package io.truelift.api.api;

import java.time.Instant;

/** A manager's action on an alert and how far it got. */
public record ActionView(
    String actionId,
    String actionType,
    Long newPriceCents,
    String reason,
    String actor,
    Instant requestedAt,
    String status,
    Instant executedAt) {}
