package io.truelift.api.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Sign-in credentials. */
public record SessionRequest(
    @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        String username,
    @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String password) {

  @Override
  public String toString() {
    return "SessionRequest[username=" + username + ", password=***]";
  }
}
