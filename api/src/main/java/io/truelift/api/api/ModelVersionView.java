package io.truelift.api.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One registered baseline model: its status in the registry and its held-out metrics. */
public record ModelVersionView(
    String version,
    String kind,
    String status,
    Instant trainedAt,
    Instant decidedAt,
    String decisionReason,
    JsonNode metrics) {}
