package io.truelift.api.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.validation.OneOf;
import io.dropwizard.validation.ValidationMethod;
import io.truelift.core.contracts.ActionType;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A manager's decision on an alert: stop the promotion, set a new promotion price ({@code
 * newPriceCents} required) or dismiss ({@code reason} required). {@code type} is a string checked
 * by {@link OneOf} so that a wrong value is a 422 naming the field, not a JSON parse error.
 */
public record ActionRequest(
    @NotNull @OneOf({"STOP_PROMOTION", "ADJUST_PRICE", "DISMISS"}) String type,
    @Positive(message = "must be greater than 0, got ${validatedValue}") Long newPriceCents,
    @Size(max = 2000) String reason) {

  /** The parsed type; only call after validation. */
  public ActionType actionType() {
    return ActionType.valueOf(type);
  }

  @JsonIgnore
  @ValidationMethod(message = "newPriceCents is required (> 0) when type is ADJUST_PRICE")
  public boolean isPriceGivenForAdjustment() {
    return !"ADJUST_PRICE".equals(type) || newPriceCents != null;
  }

  @JsonIgnore
  @ValidationMethod(message = "reason is required when type is DISMISS")
  public boolean isReasonGivenForDismissal() {
    return !"DISMISS".equals(type) || (reason != null && !reason.isBlank());
  }
}
