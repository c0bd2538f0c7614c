package io.truelift.api.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Instant;

/** A new promotion: the product, its promotion price, and optionally when it starts and ends. */
public record PromotionRequest(
    @NotNull(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 of A-Z a-z 0-9 . _ -, got \"${validatedValue}\"")
        String sku,
    @NotNull(message = "is required") @Positive(message = "must be greater than 0, got ${validatedValue}")
        Long promoPriceCents,
    Instant startsAt,
    Instant endsAt) {

  @JsonIgnore
  @ValidationMethod(message = "endsAt must be after startsAt")
  public boolean isEndAfterStart() {
    return endsAt == null || startsAt == null || endsAt.isAfter(startsAt);
  }
}
