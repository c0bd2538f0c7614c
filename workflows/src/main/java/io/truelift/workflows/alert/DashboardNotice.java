package io.truelift.workflows.alert;

/**
 * One lifecycle event for the dashboard ({@code alert_notification}); {@code notificationId} is
 * derived from the alert and the event so a retry writes it once.
 */
public record DashboardNotice(String notificationId, String alertId, String kind, String message) {}
