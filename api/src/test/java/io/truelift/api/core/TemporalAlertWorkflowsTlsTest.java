package io.truelift.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.truelift.workflows.TemporalTls;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API connects to Temporal with the same TEMPORAL_TLS_* settings as the worker. */
class TemporalAlertWorkflowsTlsTest {
  @Test
  void theStubsUseTlsWhenTheEnvironmentAsksForIt() {
    WorkflowServiceStubsOptions tls =
        TemporalAlertWorkflows.serviceOptions(
            "temporal.example:7233",
            TemporalTls.fromEnvironment(Map.of("TEMPORAL_TLS", "true", "TEMPORAL_TLS_SERVER_NAME", "temporal.example")));
    assertThat(tls.getSslContext()).isNotNull();
    assertThat(tls.getChannelInitializer()).isNotNull();
    assertThat(tls.getRpcTimeout()).isEqualTo(TemporalAlertWorkflows.RPC_TIMEOUT);

    assertThat(TemporalAlertWorkflows.serviceOptions("localhost:17233", Optional.empty()).getSslContext()).isNull();
  }
}
