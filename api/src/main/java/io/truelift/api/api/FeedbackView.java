package io.truelift.api.api;

import java.time.Instant;

/** What one finished alert taught: its outcome and how it was reached. */
public record FeedbackView(String alertId, String outcome, Instant recordedAt, String detail) {}
