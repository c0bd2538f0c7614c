package io.truelift.devstack;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The users of the local stack's API: {@code TRUELIFT_USERS} when the environment sets it, else
 * the documented demo users viewer, manager and admin, all with the password {@code
 * TRUELIFT_DEMO_PASSWORD} or {@value #DEFAULT_PASSWORD}. The demo password is the only credential
 * in the repository, and it exists only for this launcher.
 */
public final class DemoUsers {
  public static final String DEFAULT_PASSWORD = "truelift-demo";

  private final String spec;
  private final String demoPassword;

  private DemoUsers(String spec, String demoPassword) {
    this.spec = spec;
    this.demoPassword = demoPassword;
  }

  public static DemoUsers fromEnvironment(Map<String, String> env) {
    String given = env.get("TRUELIFT_USERS");
    if (given != null && !given.isBlank()) {
      return new DemoUsers(given.strip(), null);
    }
    String password = env.getOrDefault("TRUELIFT_DEMO_PASSWORD", "");
    if (password.isBlank()) {
      password = DEFAULT_PASSWORD;
    }
    if (password.contains(",")) {
      throw new IllegalArgumentException("TRUELIFT_DEMO_PASSWORD may not contain a comma");
    }
    return new DemoUsers(
        "viewer:viewer:%1$s,manager:manager:%1$s,admin:admin:%1$s".formatted(password), password);
  }

  public static DemoUsers fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** The value of the API's {@code TRUELIFT_USERS}. */
  public String spec() {
    return spec;
  }

  /** Whether these are the demo users (their password is known here). */
  public boolean isDemo() {
    return demoPassword != null;
  }

  /** How to sign in, for the start-up message. */
  public String signInHint() {
    return isDemo()
        ? "viewer, manager or admin, password " + demoPassword
            + " (set TRUELIFT_DEMO_PASSWORD or TRUELIFT_USERS to change)"
        : "the users of TRUELIFT_USERS";
  }

  /** An {@code Authorization: Basic} value for a demo user (scripts and tests). */
  public String basic(String username) {
    if (!isDemo()) {
      throw new IllegalStateException("TRUELIFT_USERS is set: the demo users' password is not known here");
    }
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + demoPassword).getBytes(StandardCharsets.UTF_8));
  }
}
