package io.truelift.api.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** A new promotion price. */
public record PriceChangeRequest(
    @NotNull(message = "is required") @Positive(message = "must be greater than 0, got ${validatedValue}")
        Long promoPriceCents) {}
