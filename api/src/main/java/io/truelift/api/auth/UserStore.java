package io.truelift.api.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The users who may sign in, from configuration ({@code auth.users}, i.e. {@code TRUELIFT_USERS}):
 * comma-separated {@code username:role:secret} entries, where the secret is a {@link
 * PasswordHasher} hash or a plain password (hashed in memory at start; it may not contain a comma).
 * Nothing about users is stored in the repository or the database.
 */
public final class UserStore {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

  private record Entry(User user, String passwordHash) {}

  private final Map<String, Entry> users;
  // Checked when the name is unknown, so an unknown name costs as much time as a wrong password.
  private final String decoyHash;

  private UserStore(Map<String, Entry> users, int iterations) {
    this.users = users;
    this.decoyHash = PasswordHasher.hash("decoy".toCharArray(), iterations);
  }

  /**
   * Parses the users' specification.
   *
   * @throws IllegalArgumentException naming the entry (never its secret) and what is wrong
   */
  public static UserStore parse(String spec) {
    return parse(spec, PasswordHasher.DEFAULT_ITERATIONS);
  }

  /** As {@link #parse(String)}, hashing plain passwords with {@code iterations} (tests use few). */
  public static UserStore parse(String spec, int iterations) {
    Map<String, Entry> users = new LinkedHashMap<>();
    if (spec != null && !spec.isBlank()) {
      int index = 0;
      for (String raw : spec.split(",")) {
        index++;
        String entry = raw.strip();
        if (entry.isEmpty()) {
          continue;
        }
        String[] parts = entry.split(":", 3);
        String where = "users entry " + index;
        if (parts.length != 3 || parts[2].isEmpty()) {
          throw new IllegalArgumentException(
              where + " must be username:role:password (or a pbkdf2-sha256$ hash), got "
                  + parts.length + " part(s)" + (parts.length > 0 ? " starting \"" + parts[0] + "\"" : ""));
        }
        String name = parts[0].strip();
        if (!USERNAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              where + ": username must be 1-100 of A-Z a-z 0-9 . _ @ -, got \"" + name + "\"");
        }
        Role role;
        try {
          role = Role.parse(parts[1]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + " (" + name + "): " + e.getMessage(), e);
        }
        String secret = parts[2];
        String hash;
        if (PasswordHasher.isHash(secret)) {
          try {
            PasswordHasher.parse(secret);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " (" + name + "): " + e.getMessage(), e);
          }
          hash = secret;
        } else {
          hash = PasswordHasher.hash(secret.toCharArray(), iterations);
        }
        if (users.putIfAbsent(name, new Entry(new User(name, role), hash)) != null) {
          throw new IllegalArgumentException(where + ": username \"" + name + "\" is given twice");
        }
      }
    }
    return new UserStore(users, iterations);
  }

  /** The user when the password matches; empty otherwise (unknown name or wrong password). */
  public Optional<User> authenticate(String username, char[] password) {
    Entry e = username == null ? null : users.get(username);
    boolean ok = PasswordHasher.verify(password, e != null ? e.passwordHash() : decoyHash);
    return ok && e != null ? Optional.of(e.user()) : Optional.empty();
  }

  /** The configured user of that name (a session token names a user who may since be removed). */
  public Optional<User> find(String username) {
    Entry e = users.get(username);
    return e == null ? Optional.empty() : Optional.of(e.user());
  }

  public boolean isEmpty() {
    return users.isEmpty();
  }

  /** The configured users (names and roles only), for the start-up log. */
  public List<User> users() {
    List<User> out = new ArrayList<>();
    users.values().forEach(e -> out.add(e.user()));
    return out;
  }
}
