package io.truelift.model.registry;

import io.truelift.model.BaselineModel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model to score with now: polls the registry every {@code pollInterval} and, when another
 * version has become ACTIVE, loads it and swaps it in, so a newly activated model is picked up
 * without a restart. A failed poll or load keeps the current model (and is logged).
 */
public final class ActiveModelProvider implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActiveModelProvider.class);

  private final ModelRegistry registry;
  private final AtomicReference<BaselineModel> current = new AtomicReference<>();
  private final ScheduledExecutorService poller;
  private volatile Consumer<BaselineModel> onChange = m -> {};

  private ActiveModelProvider(ModelRegistry registry, Duration pollInterval) {
    this.registry = registry;
    refresh();
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "active-model-poller");
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(100, pollInterval.toMillis());
    poller.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Starts polling; the first read happens now (the model may still be absent). */
  public static ActiveModelProvider start(ModelRegistry registry, Duration pollInterval) {
    return new ActiveModelProvider(registry, pollInterval);
  }

  /** Called with each newly loaded model (e.g. to clear prediction caches). */
  public void onChange(Consumer<BaselineModel> listener) {
    this.onChange = listener;
  }

  public Optional<BaselineModel> current() {
    return Optional.ofNullable(current.get());
  }

  /** Reads the registry once; returns whether the model changed. */
  public boolean refresh() {
    Optional<ModelVersion> active = registry.active();
    BaselineModel now = current.get();
    if (active.isEmpty() || (now != null && now.modelId().equals(active.get().modelId()))) {
      return false;
    }
    BaselineModel loaded = ModelRegistry.load(active.get());
    current.set(loaded);
    LOG.info("Active model is now {} ({})", loaded.modelId(), active.get().artifactUri());
    onChange.accept(loaded);
    return true;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("Model registry poll failed, keeping {}: {}",
          current.get() == null ? "no model" : current.get().modelId(), e.getMessage());
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
