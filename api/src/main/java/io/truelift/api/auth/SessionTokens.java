package io.truelift.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed session tokens: {@code v1.<payload>.<signature>}, the payload {@code
 * username|role|expiresAtEpochSecond|sessionId} in base64url and the signature its HMAC-SHA256
 * with the configured key. Nothing is stored per session, so any API replica with the same key
 * accepts the token; a signed-out session id is remembered (in this process) until it expires.
 */
public final class SessionTokens {
  private static final String VERSION = "v1";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The key bytes must be at least this long (HMAC-SHA256's block strength). */
  public static final int MIN_KEY_BYTES = 32;

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
  // Every authenticated request verifies a token: keep one initialised Mac per thread.
  private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(this::newMac);

  public SessionTokens(byte[] key, Duration ttl, Clock clock) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "session key must be at least %d bytes, got %d".formatted(MIN_KEY_BYTES, key.length));
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("session TTL must be > 0, got " + ttl);
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A random key, for a start without a configured one (sessions then end with the process). */
  public static byte[] randomKey() {
    byte[] k = new byte[MIN_KEY_BYTES];
    RANDOM.nextBytes(k);
    return k;
  }

  public Duration ttl() {
    return ttl;
  }

  /** A new token for {@code user}, valid for the TTL from now. */
  public String issue(User user) {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    long expires = clock.instant().plus(ttl).getEpochSecond();
    String payload =
        String.join("|", user.username(), user.role().id(), Long.toString(expires), B64.encodeToString(id));
    String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return VERSION + "." + body + "." + sign(body);
  }

  /** A verified, unexpired, not signed-out token's claims. */
  public record Claims(String username, Role role, Instant expiresAt, String sessionId) {}

  /** The claims of a valid token; empty for anything forged, malformed, expired or signed out. */
  public Optional<Claims> verify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      return Optional.empty();
    }
    byte[] expected = sign(parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    try {
      String[] f = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8).split("\\|");
      if (f.length != 4) {
        return Optional.empty();
      }
      Instant expires = Instant.ofEpochSecond(Long.parseLong(f[2]));
      Instant now = clock.instant();
      if (!now.isBefore(expires) || revoked.containsKey(f[3])) {
        return Optional.empty();
      }
      return Optional.of(new Claims(f[0], Role.parse(f[1]), expires, f[3]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Signs a session out: its token is refused from now on, in this process. */
  public void revoke(String token) {
    verify(token).ifPresent(c -> revoked.put(c.sessionId(), c.expiresAt()));
    Instant now = clock.instant();
    revoked.values().removeIf(expiry -> !now.isBefore(expiry));
  }

  private String sign(String body) {
    return B64.encodeToString(mac.get().doFinal(body.getBytes(StandardCharsets.US_ASCII)));
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }
}
