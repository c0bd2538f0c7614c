package io.truelift.api.auth;

import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.basic.BasicCredentials;
import java.util.Optional;

/**
 * Checks a token's signature and expiry (cheap) or a Basic password (PBKDF2, deliberately slow;
 * the caller caches successful checks). The user must still be configured, and has the role the
 * configuration gives now, not the one the token was issued with.
 */
public final class TrueLiftAuthenticator implements Authenticator<Credentials, User> {
  private final UserStore users;
  private final SessionTokens tokens;
  private final Authenticator<BasicCredentials, User> basic;

  /**
   * @param basic the Basic password check, usually a {@code CachingAuthenticator} around {@link
   *     #passwordCheck(UserStore)}
   */
  public TrueLiftAuthenticator(
      UserStore users, SessionTokens tokens, Authenticator<BasicCredentials, User> basic) {
    this.users = users;
    this.tokens = tokens;
    this.basic = basic;
  }

  /** The uncached password check of Basic credentials. */
  public static Authenticator<BasicCredentials, User> passwordCheck(UserStore users) {
    return c -> users.authenticate(c.getUsername(), c.getPassword().toCharArray());
  }

  @Override
  public Optional<User> authenticate(Credentials credentials) throws AuthenticationException {
    if (credentials instanceof Credentials.Token t) {
      return tokens.verify(t.token()).flatMap(c -> users.find(c.username()));
    }
    if (credentials instanceof Credentials.Basic b) {
      return basic.authenticate(b.credentials());
    }
    return Optional.empty();
  }
}
