package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.Server;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to Temporal from the TEMPORAL_TLS_* variables, with a CA, a server and a client certificate
 * made by {@code openssl} for the test (skipped where there is no openssl).
 */
class TemporalTlsTest {
  @TempDir static Path dir;

  @BeforeAll
  static void certificates() throws Exception {
    assumeThat(run("openssl", "version")).as("openssl on the PATH").isZero();
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=truelift-test-ca");
    for (String who : List.of("server", "client")) {
      openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr", "-subj", "/CN=" + who);
      openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
          "-out", who + ".crt", "-days", "2", "-extfile", who + ".ext");
    }
    // The same key in the traditional PKCS#1 form (BEGIN RSA PRIVATE KEY), which we cannot read.
    openssl("rsa", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
  }

  private static Map<String, String> mutual() {
    return Map.of(
        "TEMPORAL_TLS", "true",
        "TEMPORAL_TLS_CLIENT_CERT_PATH", file("client.crt"),
        "TEMPORAL_TLS_CLIENT_KEY_PATH", file("client.key"),
        "TEMPORAL_TLS_SERVER_CA_CERT_PATH", file("ca.crt"),
        "TEMPORAL_TLS_SERVER_NAME", "temporal.test");
  }

  @Test
  void noVariablesOrTlsFalseLeaveThePlaintextConnection() {
    assertThat(TemporalTls.fromEnvironment(Map.of())).isEmpty();
    assertThat(TemporalTls.fromEnvironment(Map.of("TEMPORAL_TLS", "false", "TEMPORAL_TLS_SERVER_NAME", "x"))).isEmpty();
    WorkflowServiceStubsOptions plain =
        TemporalTls.configure(WorkflowServiceStubsOptions.newBuilder().setTarget("t:7233"), Map.of()).build();
    assertThat(plain.getSslContext()).isNull();
    assertThat(plain.getChannelInitializer()).isNull();
  }

  @Test
  void theCertificateKeyAndCaGiveTheStubsAClientSslContext() {
    WorkflowServiceStubsOptions o =
        TemporalTls.configure(WorkflowServiceStubsOptions.newBuilder().setTarget("t:7233"), mutual()).build();
    assertThat(o.getSslContext()).isNotNull();
    assertThat(o.getSslContext().isClient()).isTrue();
    assertThat(o.getChannelInitializer()).isNotNull();
    // The operator stubs (search attributes) take the same settings.
    assertThat(
            TemporalTls.configure(OperatorServiceStubsOptions.newBuilder().setTarget("t:7233"), mutual())
                .validateAndBuildWithDefaults()
                .getSslContext())
        .isNotNull();
    // TLS without a client certificate: the server authenticates, against the JVM's trust store.
    assertThat(TemporalTls.fromEnvironment(Map.of("TEMPORAL_TLS", "true"))).isPresent();
  }

  @Test
  void connectsToAServerThatRequiresTheClientCertificate() throws Exception {
    Server server =
        NettyServerBuilder.forPort(0)
            .sslContext(
                GrpcSslContexts.forServer(dir.resolve("server.crt").toFile(), dir.resolve("server.key").toFile())
                    .trustManager(dir.resolve("ca.crt").toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build())
            .build()
            .start();
    try {
      String target = "127.0.0.1:" + server.getPort();
      // The handshake goes through (the server's name is temporal.test, not 127.0.0.1) and the
      // call reaches the server, which serves no Temporal methods: UNIMPLEMENTED, not UNAVAILABLE.
      assertThat(systemInfo(target, mutual())).isEqualTo(Status.Code.UNIMPLEMENTED);
      // Without the client certificate the server refuses the connection.
      Map<String, String> noClientCert =
          Map.of(
              "TEMPORAL_TLS_SERVER_CA_CERT_PATH", file("ca.crt"),
              "TEMPORAL_TLS_SERVER_NAME", "temporal.test");
      assertThat(systemInfo(target, noClientCert)).isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void anApiKeyTravelsAsABearerTokenOverTls() throws Exception {
    List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.grpc.Metadata.Key<String> authorization =
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
    Server server =
        NettyServerBuilder.forPort(0)
            .sslContext(
                GrpcSslContexts.forServer(dir.resolve("server.crt").toFile(), dir.resolve("server.key").toFile())
                    .build())
            // Every method: record the call's authorization header, then answer UNIMPLEMENTED.
            .fallbackHandlerRegistry(
                new io.grpc.HandlerRegistry() {
                  @Override
                  public io.grpc.ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
                    io.grpc.MethodDescriptor.Marshaller<java.io.InputStream> raw =
                        new io.grpc.MethodDescriptor.Marshaller<>() {
                          @Override
                          public java.io.InputStream stream(java.io.InputStream value) {
                            return value;
                          }

                          @Override
                          public java.io.InputStream parse(java.io.InputStream stream) {
                            return stream;
                          }
                        };
                    return io.grpc.ServerMethodDefinition.create(
                        io.grpc.MethodDescriptor.newBuilder(raw, raw)
                            .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                            .setFullMethodName(method)
                            .build(),
                        (call, headers) -> {
                          String value = headers.get(authorization);
                          if (value != null) {
                            authorizations.add(value);
                          }
                          call.close(Status.UNIMPLEMENTED, new io.grpc.Metadata());
                          return new io.grpc.ServerCall.Listener<>() {};
                        });
                  }
                })
            .build()
            .start();
    try {
      Map<String, String> env =
          Map.of(
              "TEMPORAL_API_KEY", "key-123",
              "TEMPORAL_TLS_SERVER_CA_CERT_PATH", file("ca.crt"),
              "TEMPORAL_TLS_SERVER_NAME", "temporal.test");
      assertThat(systemInfo("127.0.0.1:" + server.getPort(), env)).isEqualTo(Status.Code.UNIMPLEMENTED);
      assertThat(authorizations).isNotEmpty().allMatch("Bearer key-123"::equals);
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    // The key alone turns TLS on (the JVM's trust store); it is never sent in plaintext.
    assertThat(
            TemporalTls.configure(
                    WorkflowServiceStubsOptions.newBuilder().setTarget("t:7233"), Map.of("TEMPORAL_API_KEY", "k"))
                .build()
                .getSslContext())
        .isNotNull();
    assertThatThrownBy(
            () ->
                TemporalTls.configure(
                    WorkflowServiceStubsOptions.newBuilder().setTarget("t:7233"),
                    Map.of("TEMPORAL_API_KEY", "k", "TEMPORAL_TLS", "false")))
        .hasMessage("TEMPORAL_API_KEY is sent only over TLS, but TEMPORAL_TLS is false");
  }

  private static Status.Code systemInfo(String target, Map<String, String> env) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            TemporalTls.configure(WorkflowServiceStubsOptions.newBuilder().setTarget(target), env)
                .setSystemInfoTimeout(java.time.Duration.ofSeconds(2))
                .build());
    try {
      stubs.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS).getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void aMissingFileNamesTheVariableAndThePath() {
    Map<String, String> env = new java.util.HashMap<>(mutual());
    env.put("TEMPORAL_TLS_CLIENT_KEY_PATH", dir.resolve("nope.key").toString());
    assertThatThrownBy(() -> TemporalTls.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TEMPORAL_TLS_CLIENT_KEY_PATH names " + dir.resolve("nope.key") + ", which cannot be read");
    env.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", dir.resolve("nope-ca.crt").toString());
    assertThatThrownBy(() -> TemporalTls.fromEnvironment(env))
        .hasMessageStartingWith("TEMPORAL_TLS_SERVER_CA_CERT_PATH names " + dir.resolve("nope-ca.crt") + ", which cannot be read");
  }

  @Test
  void aCertificateWithoutKeyOrAPkcs1KeyIsAClearError() {
    assertThatThrownBy(() -> TemporalTls.fromEnvironment(Map.of("TEMPORAL_TLS_CLIENT_CERT_PATH", file("client.crt"))))
        .hasMessage(
            "TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together (a client certificate and its key); only TEMPORAL_TLS_CLIENT_CERT_PATH is set");
    Map<String, String> env = new java.util.HashMap<>(mutual());
    env.put("TEMPORAL_TLS_CLIENT_KEY_PATH", file("client-pkcs1.key"));
    assertThatThrownBy(() -> TemporalTls.fromEnvironment(env))
        .hasMessageContaining("TEMPORAL_TLS_CLIENT_KEY_PATH " + file("client-pkcs1.key"))
        .hasMessageContaining("PKCS#8");
    assertThatThrownBy(() -> TemporalTls.fromEnvironment(Map.of("TEMPORAL_TLS", "yes")))
        .hasMessage("TEMPORAL_TLS must be true or false, got \"yes\"");
  }

  private static String file(String name) {
    return dir.resolve(name).toString();
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    assertThat(run(command.toArray(String[]::new))).as("%s", command).isZero();
  }

  private static int run(String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getInputStream().transferTo(System.out);
      return p.waitFor();
    } catch (java.io.IOException e) {
      return -1; // no such program
    }
  }
}
