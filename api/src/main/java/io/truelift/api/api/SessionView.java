package io.truelift.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The signed-in user; {@code token} only in the answer to signing in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionView(String username, String role, String token) {}
