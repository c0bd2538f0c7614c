package io.truelift.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Password hashes, the users' configuration and signed session tokens. */
class AuthTest {
  @Test
  void passwordHashVerifiesOnlyTheSamePasswordAndSaltsEachHash() {
    String h1 = PasswordHasher.hash("s3cret".toCharArray(), 1_000);
    String h2 = PasswordHasher.hash("s3cret".toCharArray(), 1_000);

    assertThat(h1).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(h2);
    assertThat(PasswordHasher.verify("s3cret".toCharArray(), h1)).isTrue();
    assertThat(PasswordHasher.verify("s3cret!".toCharArray(), h1)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ann|users entry 1 must be username:role:password (or a pbkdf2-sha256$ hash), got 1 part(s) starting \"ann\"",
        "ann:viewer:|users entry 1 must be username:role:password (or a pbkdf2-sha256$ hash), got 3 part(s) starting \"ann\"",
        "ann:boss:pw|users entry 1 (ann): role must be one of [viewer, manager, admin], got \"boss\"",
        "a n:viewer:pw|users entry 1: username must be 1-100 of A-Z a-z 0-9 . _ @ -, got \"a n\"",
        "ann:viewer:pw,ann:admin:pw|users entry 2: username \"ann\" is given twice",
        "ann:viewer:pbkdf2-sha256$x$a$b|users entry 1 (ann): password hash iterations must be a whole number, got \"x\"",
        "ann:viewer:pbkdf2-sha256$10$a$b|users entry 1 (ann): password hash iterations must be >= 1000, got 10",
        "ann:viewer:pbkdf2-sha256$1000$a|users entry 1 (ann): password hash must be pbkdf2-sha256$<iterations>$<salt>$<hash>"
      })
  void badUserEntriesFailNamingTheEntryButNeverThePassword(String spec, String message) {
    assertThatThrownBy(() -> UserStore.parse(spec, 1_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(":pw"));
  }

  @Test
  void usersSignInWithPlainOrHashedSecretsAndUnknownNamesFail() {
    String hash = PasswordHasher.hash("hashed-pw".toCharArray(), 1_000);
    UserStore users = UserStore.parse(" ann:manager:plain-pw , bob:ADMIN:" + hash + ",", 1_000);

    assertThat(users.authenticate("ann", "plain-pw".toCharArray())).contains(new User("ann", Role.MANAGER));
    assertThat(users.authenticate("bob", "hashed-pw".toCharArray())).contains(new User("bob", Role.ADMIN));
    assertThat(users.authenticate("ann", "hashed-pw".toCharArray())).isEmpty();
    assertThat(users.authenticate("carl", "plain-pw".toCharArray())).isEmpty();
    assertThat(UserStore.parse("", 1_000).isEmpty()).isTrue();
  }

  @Test
  void rolesIncludeTheLowerOnes() {
    assertThat(Role.ADMIN.includes(Role.MANAGER)).isTrue();
    assertThat(Role.MANAGER.includes(Role.VIEWER)).isTrue();
    assertThat(Role.VIEWER.includes(Role.MANAGER)).isFalse();
    assertThat(Role.MANAGER.includes(Role.ADMIN)).isFalse();
  }

  @Test
  void tokensAreRefusedWhenTamperedExpiredSignedOutOrSignedWithAnotherKey() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    SessionTokens tokens = new SessionTokens(TestAuth.KEY, Duration.ofHours(1), clock);
    String token = tokens.issue(new User("ann", Role.MANAGER));

    assertThat(tokens.verify(token)).hasValueSatisfying(c -> {
      assertThat(c.username()).isEqualTo("ann");
      assertThat(c.role()).isEqualTo(Role.MANAGER);
    });
    String[] parts = token.split("\\.");
    String forged =
        parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString("ann|admin|9999999999|x".getBytes()) + "." + parts[2];
    assertThat(tokens.verify(forged)).as("payload changed, signature kept").isEmpty();
    assertThat(tokens.verify("garbage")).isEmpty();
    assertThat(tokens.verify(null)).isEmpty();
    byte[] otherKey = "another-key-of-thirty-two-bytes!".getBytes();
    assertThat(new SessionTokens(otherKey, Duration.ofHours(1), clock).verify(token)).isEmpty();

    now.set(now.get().plus(Duration.ofMinutes(59)));
    assertThat(tokens.verify(token)).isPresent();
    now.set(now.get().plus(Duration.ofMinutes(1)));
    assertThat(tokens.verify(token)).as("expired").isEmpty();

    String second = tokens.issue(new User("ann", Role.MANAGER));
    tokens.revoke(second);
    assertThat(tokens.verify(second)).as("signed out").isEmpty();
  }

  @Test
  void shortKeysAndNonPositiveTtlsAreRefused() {
    assertThatThrownBy(() -> new SessionTokens(new byte[16], Duration.ofHours(1), Clock.systemUTC()))
        .hasMessage("session key must be at least 32 bytes, got 16");
    assertThatThrownBy(() -> new SessionTokens(TestAuth.KEY, Duration.ZERO, Clock.systemUTC()))
        .hasMessage("session TTL must be > 0, got PT0S");
  }
}
