package io.truelift.api.auth;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a user may do. Each role includes the ones before it: a viewer reads everything but the
 * audit log, a manager also acts on alerts and promotions, an admin also reads the audit log.
 */
public enum Role {
  VIEWER,
  MANAGER,
  ADMIN;

  /** The names used in {@code @RolesAllowed} and in the users' configuration. */
  public static final String VIEWER_NAME = "viewer";

  public static final String MANAGER_NAME = "manager";
  public static final String ADMIN_NAME = "admin";

  /** The lower-case name, as in {@code TRUELIFT_USERS} and the JSON answers. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role grants what {@code required} grants. */
  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }

  /**
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Role parse(String value) {
    for (Role r : values()) {
      if (r.id().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "role must be one of %s, got \"%s\""
            .formatted(Arrays.stream(values()).map(Role::id).toList(), value));
  }
}
