package io.truelift.workflows.retraining;

import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.Granularity;
import io.truelift.model.Observation;
import io.truelift.model.data.ShoppingEventBuckets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sales history from a JSONL file of shopping events (the simulator's history, a till export),
 * summed per hour over all stores by the model module's {@link ShoppingEventBuckets}, the same code
 * that trained the devstack's first model. The file is read once and kept until its size or
 * modification time changes (training and evaluation read it back to back).
 */
final class HistoryFileSource implements SalesSource {
  private static final Logger log = LoggerFactory.getLogger(HistoryFileSource.class);
  private static final Granularity HOUR = Granularity.HOUR;

  private final Path file;
  private Loaded loaded;

  /** The parsed file and what identifies its version. */
  private record Loaded(
      long size, FileTime modified, ShoppingEventBuckets buckets, Instant first, Instant end) {}

  HistoryFileSource(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public String kind() {
    return "file";
  }

  @Override
  public String describe() {
    return "history file " + file;
  }

  Path file() {
    return file;
  }

  /** Whether the file is there to be read (the devstack writes it after the worker starts). */
  boolean exists() {
    return Files.isRegularFile(file);
  }

  @Override
  public Optional<Instant> dataEnd() {
    return exists() ? Optional.of(load().end()) : Optional.empty();
  }

  @Override
  public Map<String, ShoppingEvent> catalog() {
    return exists() ? load().buckets().productSamples() : Map.of();
  }

  @Override
  public Read read(Instant from, Instant to) {
    if (!exists()) {
      return Read.of(List.of());
    }
    Loaded l = load();
    Instant start = from.isAfter(l.first()) ? HOUR.floor(from) : l.first();
    Instant end = to.isBefore(l.end()) ? to : l.end();
    if (!start.isBefore(end)) {
      return Read.of(List.of());
    }
    return Read.of(l.buckets().observations(start, end, Map.of(), DEFAULT_COST_SHARE));
  }

  private synchronized Loaded load() {
    try {
      long size = Files.size(file);
      FileTime modified = Files.getLastModifiedTime(file);
      if (loaded != null && loaded.size() == size && loaded.modified().equals(modified)) {
        return loaded;
      }
      long start = System.nanoTime();
      Instant[] span = new Instant[2];
      ShoppingEventBuckets buckets = new ShoppingEventBuckets(HOUR);
      long[] invalid = new long[1];
      ShoppingEventBuckets.forEachEvent(
          file,
          e -> {
            buckets.add(e);
            Instant h = HOUR.floor(e.eventTime());
            span[0] = span[0] == null || h.isBefore(span[0]) ? h : span[0];
            span[1] = span[1] == null || h.isAfter(span[1]) ? h : span[1];
          },
          () -> invalid[0]++);
      if (span[0] == null) {
        throw new IllegalStateException(
            "%s has no valid shopping events (%d invalid lines)".formatted(file, invalid[0]));
      }
      loaded = new Loaded(size, modified, buckets, span[0], span[1].plus(HOUR.length()));
      log.info(
          "Read {}: {} events ({} invalid lines), {}..{}, in {} s",
          file,
          buckets.events(),
          invalid[0],
          loaded.first(),
          loaded.end(),
          "%.1f".formatted((System.nanoTime() - start) / 1e9));
      return loaded;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the training history " + file + ": " + e.getMessage(), e);
    }
  }
}
