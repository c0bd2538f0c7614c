package io.truelift.api.core;

import io.dropwizard.lifecycle.Managed;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.truelift.core.contracts.UserAction;
import io.truelift.workflows.TemporalTls;
import io.truelift.workflows.alert.AlertLifecycleWorkflow;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals alert workflows on the Temporal service. The client is created on first use and never
 * connects eagerly, so the API starts (and reports the outage in its health check) while Temporal
 * is down; {@link #start()} only warms it up in the background, so the first manager's action does
 * not pay the gRPC channel's cold start within its few seconds.
 */
public class TemporalAlertWorkflows implements AlertWorkflows, Managed {
  /**
   * A request answers within seconds or the caller gets a 503; never the SDK's minute of retries.
   */
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(3);

  static final Duration RETRY_EXPIRATION = Duration.ofSeconds(3);

  static final int MAX_ATTEMPTS = 3;

  static final Duration SYSTEM_INFO_TIMEOUT = Duration.ofSeconds(1);

  /** How long the start-up connection attempt may take; it never holds the API's start. */
  static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(30);

  static final int WARM_UP_ATTEMPTS = 5;

  private static final Logger log = LoggerFactory.getLogger(TemporalAlertWorkflows.class);

  private final String target;
  private final Supplier<WorkflowClient> factory;
  private volatile WorkflowClient client;

  /** Connects lazily to {@code address} (host:port) and uses {@code namespace}. */
  public TemporalAlertWorkflows(String address, String namespace) {
    this(address, namespace, TemporalTls.fromEnvironment(System.getenv()));
  }

  /** The TLS files are read here, at start-up, so a wrong one fails the start, not an action. */
  private TemporalAlertWorkflows(String address, String namespace, Optional<TemporalTls> tls) {
    this(address, () -> connect(address, namespace, tls));
  }

  /** Uses the given client factory (tests pass a test environment's client). */
  public TemporalAlertWorkflows(String target, Supplier<WorkflowClient> factory) {
    this.target = target;
    this.factory = factory;
  }

  private static WorkflowClient connect(String address, String namespace, Optional<TemporalTls> tls) {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(serviceOptions(address, tls));
    return WorkflowClient.newInstance(
        service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /** Fail fast: seconds, not the SDK's minute of retries; TLS when the deployment gives it. */
  static WorkflowServiceStubsOptions serviceOptions(String address, Optional<TemporalTls> tls) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder();
    tls.ifPresent(t -> t.applyTo(options)); // TLS, mutual with a client certificate, when given
    return options
        .setTarget(address)
        .setRpcTimeout(RPC_TIMEOUT)
        // The client asks for the server's capabilities before its first call; that
        // request has its own retries (5 s by default) which would come before ours.
        .setSystemInfoTimeout(SYSTEM_INFO_TIMEOUT)
        .setRpcRetryOptions(
            RpcRetryOptions.newBuilder()
                .setExpiration(RETRY_EXPIRATION)
                .setMaximumAttempts(MAX_ATTEMPTS)
                .setInitialInterval(Duration.ofMillis(100))
                .setMaximumInterval(Duration.ofSeconds(1))
                .build())
        .build();
  }

  private WorkflowClient client() {
    WorkflowClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = factory.get();
        }
        c = client;
      }
    }
    return c;
  }

  @Override
  public void signalAction(String workflowId, UserAction action) {
    try {
      client().newWorkflowStub(AlertLifecycleWorkflow.class, workflowId).userAction(action);
    } catch (WorkflowNotFoundException e) {
      throw new WorkflowUnavailableException(
          "workflow " + workflowId + " is not running on Temporal at " + target, e);
    } catch (RuntimeException e) {
      throw new WorkflowUnavailableException(
          "Temporal at " + target + " did not take the signal: " + rootMessage(e), e);
    }
  }

  /**
   * The SDK wraps the gRPC status (e.g. UNAVAILABLE) a few levels deep; that is the useful part.
   */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  /** Asks the service for its system info with a short deadline; used by the health check. */
  public void ping(Duration deadline) {
    client()
        .getWorkflowServiceStubs()
        .blockingStub()
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
  }

  /** Where the service is, for messages. */
  public String target() {
    return target;
  }

  /**
   * Connects in the background: a channel's first call pays name resolution and the connection, and
   * on a busy machine that alone outlasted the first manager action's deadline (a 503 on the first
   * action after every restart, seen by ApiRestartIT and EndToEndIT). Failure only logs; the
   * health check reports Temporal.
   */
  @Override
  public void start() {
    Thread warmUp =
        new Thread(
            () -> {
              // A few tries: on a loaded machine the SDK's own first call can outlast its deadline.
              for (int attempt = 1; attempt <= WARM_UP_ATTEMPTS; attempt++) {
                try {
                  ping(WARM_UP_TIMEOUT);
                  log.info("Connected to Temporal at {}", target);
                  return;
                } catch (RuntimeException e) {
                  if (attempt == WARM_UP_ATTEMPTS) {
                    log.warn("Temporal at {} not reachable at start (actions retry): {}", target, e.toString());
                    return;
                  }
                }
                try {
                  Thread.sleep(2000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "temporal-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  @Override
  public void stop() {
    WorkflowClient c = client;
    if (c != null) {
      c.getWorkflowServiceStubs().shutdown();
    }
  }
}
