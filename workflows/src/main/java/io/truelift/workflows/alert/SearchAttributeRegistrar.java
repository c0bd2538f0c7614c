package io.truelift.workflows.alert;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link AlertSearchAttributes#ALL} on the namespace through the operator service, one by
 * one so an attribute that already exists (a restart, another worker) counts as registered. The
 * Java test server (devstack) and a self-hosted Temporal support it; a service that refuses it
 * (e.g. no operator permission) gets alerts without search attributes, and the log says why.
 */
public final class SearchAttributeRegistrar {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistrar.class);

  private SearchAttributeRegistrar() {}

  /**
   * Returns true when every attribute is registered. Retries while the service is unreachable, up
   * to {@code patience}; a definite refusal returns false at once.
   */
  public static boolean register(OperatorServiceStubs operator, String namespace, Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    long backoffMillis = 250;
    for (Map.Entry<String, IndexedValueType> a : AlertSearchAttributes.ALL.entrySet()) {
      while (true) {
        try {
          operator
              .blockingStub()
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(namespace)
                      .putSearchAttributes(a.getKey(), a.getValue())
                      .build());
          log.info("Registered search attribute {} ({})", a.getKey(), a.getValue());
          break;
        } catch (StatusRuntimeException e) {
          Status.Code code = e.getStatus().getCode();
          if (code == Status.Code.ALREADY_EXISTS) {
            break;
          }
          boolean transientError =
              code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
          if (!transientError || System.nanoTime() > deadline) {
            log.warn(
                "Search attribute {} could not be registered on namespace {} ({}); alert"
                    + " workflows run without search attributes",
                a.getKey(),
                namespace,
                e.getStatus());
            return false;
          }
          Thread.sleep(backoffMillis);
          backoffMillis = Math.min(backoffMillis * 2, 5000);
        }
      }
    }
    return true;
  }
}
