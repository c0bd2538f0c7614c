package io.truelift.workflows.analysis;

import io.truelift.model.BaselineModel;
import io.truelift.model.registry.ActiveModelProvider;
import io.truelift.model.registry.ModelRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The registry's ACTIVE model for the analysis' what-if, polled by an {@link ActiveModelProvider}
 * (a newly promoted model is picked up without a restart). The provider starts on first use, and
 * again on a later use if the registry could not be read: a failure is thrown to the caller, which
 * states it as the reason its figures are heuristic.
 */
public final class RegistryActiveModel implements Supplier<Optional<BaselineModel>>, AutoCloseable {
  private final Supplier<ModelRegistry> registry;
  private final Duration pollInterval;
  private ActiveModelProvider provider;

  public RegistryActiveModel(Supplier<ModelRegistry> registry, Duration pollInterval) {
    this.registry = registry;
    this.pollInterval = pollInterval;
  }

  @Override
  public synchronized Optional<BaselineModel> get() {
    if (provider == null) {
      provider = ActiveModelProvider.start(registry.get(), pollInterval);
    }
    return provider.current();
  }

  @Override
  public synchronized void close() {
    if (provider != null) {
      provider.close();
    }
  }
}
