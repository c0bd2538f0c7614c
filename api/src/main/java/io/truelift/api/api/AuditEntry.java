package io.truelift.api.api;

import java.time.Instant;

/** Who did what, to what, and when. */
public record AuditEntry(Instant at, String actor, String action, String target, String detail) {}
