package io.truelift.api.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The users and tokens of resource tests: viewer, manager and admin (password {@link #PASSWORD},
 * hashed with few iterations to keep tests fast) and a fixed session key.
 */
public final class TestAuth {
  public static final String PASSWORD = "test-password";
  public static final String USERS =
      "viewer:viewer:" + PASSWORD + ",manager:manager:" + PASSWORD + ",admin:admin:" + PASSWORD;
  public static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  public final UserStore users = UserStore.parse(USERS, 1_000);
  public final SessionTokens tokens;
  public final TrueLiftAuthFilter filter;

  public TestAuth(Clock clock) {
    tokens = new SessionTokens(KEY, Duration.ofHours(1), clock);
    filter =
        new TrueLiftAuthFilter(
            new TrueLiftAuthenticator(users, tokens, TrueLiftAuthenticator.passwordCheck(users)));
  }

  public TestAuth() {
    this(Clock.systemUTC());
  }

  /** The feature to register on a ResourceExtension. */
  public RoleCheckFeature feature() {
    return new RoleCheckFeature(filter);
  }

  /** An {@code Authorization} header value with a fresh token for the user named like the role. */
  public String bearer(String username) {
    return "Bearer " + tokens.issue(users.find(username).orElseThrow());
  }

  public static String basic(String username, String password) {
    return "Basic "
        + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
