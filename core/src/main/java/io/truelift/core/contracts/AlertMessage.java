package io.truelift.core.contracts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message on {@code cannibalization-alerts}, keyed by {@code alertId}: an alert (new, or the
 * same alert with corrected evidence) or the retraction of one. Both share the key, so a
 * retraction follows its alert on the same partition.
 */
public sealed interface AlertMessage extends java.io.Serializable
    permits CannibalizationAlert, AlertRetraction {
  String alertId();

  /** The workflow id of the alert's lifecycle: {@code alert-<alertId>}. */
  default String workflowId() {
    return "alert-" + alertId();
  }

  /**
   * Decodes one message of the topic by its {@code type} field (absent or {@code ALERT}: a {@link
   * CannibalizationAlert}; {@code RETRACTION}: an {@link AlertRetraction}); any other type, or a
   * message that breaks its record's rules, is an {@link InvalidEventException}.
   */
  static AlertMessage decode(String json) {
    JsonNode type = EventJson.tree(json).get("type");
    if (type == null || type.isNull() || AlertMessageType.ALERT.name().equals(type.asText())) {
      return EventJson.decode(json, CannibalizationAlert.class);
    }
    if (AlertMessageType.RETRACTION.name().equals(type.asText())) {
      return EventJson.decode(json, AlertRetraction.class);
    }
    throw new InvalidEventException(
        "type", "type must be one of [ALERT, RETRACTION] (absent means ALERT), got " + type);
  }
}
