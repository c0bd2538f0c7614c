package io.truelift.api.auth;

import java.security.Principal;
import java.util.Objects;

/** An authenticated user: the actor of every action and audit entry. */
public record User(String username, Role role) implements Principal {
  public User {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(role, "role");
  }

  @Override
  public String getName() {
    return username;
  }
}
