package io.truelift.api.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes from the JDK, written {@code
 * pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}. Verification takes the same time
 * whatever the input, so a guess learns nothing from timing.
 */
public final class PasswordHasher {
  public static final String PREFIX = "pbkdf2-sha256$";

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 210_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {}

  public static String hash(char[] password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  public static String hash(char[] password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /** Whether {@code value} is a hash written by {@link #hash} rather than a plain password. */
  public static boolean isHash(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /**
   * @throws IllegalArgumentException when {@code stored} is not a well-formed hash
   */
  public static boolean verify(char[] password, String stored) {
    Parsed p = parse(stored);
    byte[] candidate = pbkdf2(password, p.salt(), p.iterations());
    return MessageDigest.isEqual(candidate, p.hash());
  }

  /** Checks the format of {@code stored}; the message names the part at fault. */
  static Parsed parse(String stored) {
    if (!isHash(stored)) {
      throw new IllegalArgumentException("password hash must start with " + PREFIX);
    }
    String[] parts = stored.substring(PREFIX.length()).split("\\$");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "password hash must be " + PREFIX + "<iterations>$<salt>$<hash>");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "password hash iterations must be a whole number, got \"" + parts[0] + "\"");
    }
    if (iterations < 1_000) {
      throw new IllegalArgumentException(
          "password hash iterations must be >= 1000, got " + iterations);
    }
    try {
      Base64.Decoder d = Base64.getDecoder();
      return new Parsed(iterations, d.decode(parts[1]), d.decode(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("password hash salt and hash must be base64", e);
    }
  }

  record Parsed(int iterations, byte[] salt, byte[] hash) {}

  private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(spec)
            .getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
    }
  }

  /** Prints the hash of a password read from standard input (for TRUELIFT_USERS). */
  public static void main(String[] args) throws java.io.IOException {
    java.io.Console console = System.console();
    char[] password =
        console != null
            ? console.readPassword("Password: ")
            : new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .strip()
                .toCharArray();
    System.out.println(hash(password));
  }
}
