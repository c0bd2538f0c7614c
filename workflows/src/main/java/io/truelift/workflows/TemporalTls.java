package io.truelift.workflows;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.ServiceStubsOptions;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to the Temporal frontend, mutual when a client certificate is given (Temporal Cloud, or a
 * self-hosted frontend that requires client certificates), and a Temporal Cloud API key. Read from the variables the Helm chart
 * sets from {@code temporal.tls.*}, which are Temporal's own environment-configuration names. The
 * worker and the API both connect through {@link #configure}; with none of them set the connection
 * stays plaintext, as in the devstack.
 */
public final class TemporalTls {
  /** {@code true} turns TLS on (also implied by any path below); {@code false} keeps it off. */
  public static final String TLS = "TEMPORAL_TLS";

  /** PEM client certificate (chain). */
  public static final String CLIENT_CERT = "TEMPORAL_TLS_CLIENT_CERT_PATH";

  /** PEM client private key, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). */
  public static final String CLIENT_KEY = "TEMPORAL_TLS_CLIENT_KEY_PATH";

  /** PEM CA certificate(s) the server's certificate must chain to; unset: the JVM's trust store. */
  public static final String SERVER_CA = "TEMPORAL_TLS_SERVER_CA_CERT_PATH";

  /** Name the server's certificate must carry; unset: the host of the address. */
  public static final String SERVER_NAME = "TEMPORAL_TLS_SERVER_NAME";

  /**
   * A Temporal Cloud API key, sent as {@code authorization: Bearer <key>} on every call; implies
   * TLS (with the JVM's trust store unless a CA is given), and refuses {@code TEMPORAL_TLS=false}.
   */
  public static final String API_KEY = "TEMPORAL_API_KEY";

  private final SslContext sslContext;
  private final String serverName;

  private TemporalTls(SslContext sslContext, String serverName) {
    this.sslContext = sslContext;
    this.serverName = serverName;
  }

  /**
   * Applies the TLS settings of {@code env} to {@code options} (plaintext when there are none).
   * Reads the files now, so a wrong path or a bad key fails the start rather than the first call.
   */
  public static <T extends ServiceStubsOptions.Builder<T>> T configure(T options, Map<String, String> env) {
    String apiKey = value(env, API_KEY);
    Optional<TemporalTls> tls = fromEnvironment(env, apiKey != null);
    tls.ifPresent(t -> t.applyTo(options));
    if (apiKey != null) {
      if (tls.isEmpty()) {
        throw new IllegalArgumentException(
            "%s is sent only over TLS, but %s is false".formatted(API_KEY, TLS));
      }
      options.addApiKey(() -> apiKey);
    }
    return options;
  }

  /** The TLS settings of {@code env}, empty when it asks for none. */
  public static Optional<TemporalTls> fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, false);
  }

  /** As {@link #fromEnvironment(Map)}; {@code byDefault}: TLS unless {@code TEMPORAL_TLS=false}. */
  private static Optional<TemporalTls> fromEnvironment(Map<String, String> env, boolean byDefault) {
    String tls = value(env, TLS);
    String cert = value(env, CLIENT_CERT);
    String key = value(env, CLIENT_KEY);
    String ca = value(env, SERVER_CA);
    String serverName = value(env, SERVER_NAME);
    if (tls != null && !tls.equals("true") && !tls.equals("false")) {
      throw new IllegalArgumentException(TLS + " must be true or false, got \"" + tls + "\"");
    }
    boolean any = cert != null || key != null || ca != null || serverName != null;
    if ("false".equals(tls) || (tls == null && !any && !byDefault)) {
      return Optional.empty();
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "%s and %s go together (a client certificate and its key); only %s is set"
              .formatted(CLIENT_CERT, CLIENT_KEY, cert != null ? CLIENT_CERT : CLIENT_KEY));
    }
    TrustManager trust = ca == null ? null : trustManager(ca);
    byte[] certPem = cert == null ? null : read(CLIENT_CERT, cert);
    byte[] keyPem = key == null ? null : read(CLIENT_KEY, key);
    SslContext context;
    try {
      SimpleSslContextBuilder builder =
          cert == null
              ? SimpleSslContextBuilder.noKeyOrCertChain() // the server authenticates, we do not
              : SimpleSslContextBuilder.forPKCS8(
                  new ByteArrayInputStream(certPem), new ByteArrayInputStream(keyPem));
      if (trust != null) {
        builder.setTrustManager(trust);
      }
      context = builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      if (cert == null) {
        throw new IllegalStateException("TLS to Temporal cannot be set up: " + e.getMessage(), e);
      }
      throw new IllegalArgumentException(
          "%s %s and %s %s must be a PEM certificate and its unencrypted PKCS#8 key (BEGIN PRIVATE KEY; convert with openssl pkcs8 -topk8 -nocrypt): %s"
              .formatted(CLIENT_CERT, cert, CLIENT_KEY, key, e.getMessage()),
          e);
    }
    return Optional.of(new TemporalTls(context, serverName));
  }

  /** Sets the SSL context (and the server name to verify, when given) on {@code options}. */
  public <T extends ServiceStubsOptions.Builder<T>> T applyTo(T options) {
    options.setSslContext(sslContext);
    if (serverName != null) {
      // gRPC verifies the certificate against the channel's authority and sends it as SNI.
      options.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
    }
    return options;
  }

  /** Trusts exactly the CA certificates of the PEM file {@code ca}. */
  private static TrustManager trustManager(String ca) {
    byte[] pem = read(SERVER_CA, ca);
    try {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(SERVER_CA + " " + ca + " holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf.getTrustManagers()[0];
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(SERVER_CA + " " + ca + " holds no readable PEM certificate: " + e, e);
    }
  }

  private static byte[] read(String variable, String path) {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (IOException e) {
      throw new IllegalArgumentException(variable + " names " + path + ", which cannot be read: " + e, e);
    }
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
