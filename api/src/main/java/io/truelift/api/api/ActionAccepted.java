package io.truelift.api.api;

/** The answer to an accepted action: recorded and handed to the alert's workflow. */
public record ActionAccepted(String actionId, String alertId, String type, String status) {}
