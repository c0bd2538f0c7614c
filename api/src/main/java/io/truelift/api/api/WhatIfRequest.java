package io.truelift.api.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Instant;

/** A planned promotion to forecast: product, price, length in hours, and optionally its start. */
public record WhatIfRequest(
    @NotNull(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 of A-Z a-z 0-9 . _ -, got \"${validatedValue}\"")
        String sku,
    @NotNull(message = "is required") @Positive(message = "must be greater than 0, got ${validatedValue}")
        Long promoPriceCents,
    @NotNull(message = "is required")
        @Min(value = 1, message = "must be between 1 and 336, got ${validatedValue}")
        @Max(value = 336, message = "must be between 1 and 336, got ${validatedValue}")
        Integer durationHours,
    Instant startsAt) {}
