package io.truelift.api.core;

import io.dropwizard.lifecycle.Managed;
import io.truelift.model.BaselineModel;
import io.truelift.model.Granularity;
import io.truelift.model.SalesHistory;
import io.truelift.model.data.ShoppingEventBuckets;
import io.truelift.model.registry.ActiveModelProvider;
import io.truelift.model.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's ACTIVE model (polled, swapped in without a restart, as the pipeline does) and the
 * history file, both loaded in the background at start so neither delays the API nor fails it: a
 * database outage or a missing file only makes the what-if answer 503 with the reason.
 */
public final class RegistryModelSource implements ModelSource, Managed {
  /** Unit cost where the catalog has none: the pipeline's rule. */
  public static final double DEFAULT_COST_SHARE = 0.6;

  private static final Logger log = LoggerFactory.getLogger(RegistryModelSource.class);

  private final ModelRegistry registry;
  private final Duration pollInterval;
  private final Path historyFile;
  private volatile ActiveModelProvider provider;
  private volatile SalesHistory history;
  private volatile String problem = "the model and history are still loading";
  private Thread loader;

  public RegistryModelSource(ModelRegistry registry, Duration pollInterval, String historyFile) {
    this.registry = registry;
    this.pollInterval = pollInterval;
    this.historyFile = historyFile == null || historyFile.isBlank() ? null : Path.of(historyFile.strip());
  }

  @Override
  public void start() {
    loader = new Thread(this::load, "model-source-loader");
    loader.setDaemon(true);
    loader.start();
  }

  /**
   * Reads the history and connects to the registry, retrying whichever is still missing every
   * poll interval: on a fresh local stack the API starts before the history is written and the
   * model trained.
   */
  private void load() {
    boolean historyLogged = false;
    while (!Thread.currentThread().isInterrupted() && (provider == null || (history == null && historyFile != null))) {
      if (history == null) {
        if (historyFile == null) {
          problem = "no sales history is configured (TRUELIFT_HISTORY_FILE)";
        } else if (!Files.isReadable(historyFile)) {
          problem = "the sales history " + historyFile + " cannot be read (yet)";
          if (!historyLogged) {
            log.info("Waiting for the sales history {} (the what-if needs it)", historyFile);
            historyLogged = true;
          }
        } else {
          readHistory();
        }
      }
      if (provider == null) {
        try {
          provider = ActiveModelProvider.start(registry, pollInterval);
        } catch (RuntimeException e) {
          log.warn("Model registry not readable yet (retrying in {}): {}", pollInterval, e.getMessage());
        }
      }
      if (provider == null || (history == null && historyFile != null)) {
        try {
          Thread.sleep(Math.max(1000, pollInterval.toMillis()));
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void readHistory() {
    try {
      ShoppingEventBuckets buckets = ShoppingEventBuckets.fromJsonl(historyFile, Granularity.HOUR);
      history = SalesHistory.of(Granularity.HOUR, buckets.observations(Map.of(), DEFAULT_COST_SHARE));
      log.info("Sales history for the what-if: {} products, {} rows from {}",
          history.products().size(), history.size(), historyFile);
    } catch (Exception e) {
      problem = "the sales history " + historyFile + " cannot be parsed: " + e.getMessage();
      log.warn("What-if unavailable: {}", problem);
    }
  }

  @Override
  public Optional<BaselineModel> activeModel() {
    ActiveModelProvider p = provider;
    return p == null ? Optional.empty() : p.current();
  }

  @Override
  public Optional<SalesHistory> history() {
    return Optional.ofNullable(history);
  }

  @Override
  public String unavailableReason() {
    if (history == null) {
      return problem;
    }
    return provider == null
        ? "the model registry has not been read yet"
        : "the model registry has no ACTIVE model";
  }

  @Override
  public void stop() {
    if (loader != null) {
      loader.interrupt();
    }
    ActiveModelProvider p = provider;
    if (p != null) {
      p.close();
    }
  }
}
