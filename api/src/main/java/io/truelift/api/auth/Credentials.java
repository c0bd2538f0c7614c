package io.truelift.api.auth;

import io.dropwizard.auth.basic.BasicCredentials;

/** What a request presented: a session token (cookie or Bearer) or a Basic username and password. */
public sealed interface Credentials {
  /** A session token from the {@code truelift_session} cookie or {@code Authorization: Bearer}. */
  record Token(String token) implements Credentials {}

  /** {@code Authorization: Basic}, for scripts. */
  record Basic(BasicCredentials credentials) implements Credentials {}
}
