package io.truelift.pipelines.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * The benchmark's stand-in for the Kafka reader: event indexes {@code [0, count)}, optionally at
 * a steady rate (events per second of wall time, shared by the splits), each timestamped with its
 * event time, the watermark at the newest one (an unbounded source, so windows close as event
 * time advances, as with Kafka; GenerateSequence with an end turns into a bounded read that has no
 * watermark until it is done). When every index has been read the watermark jumps to the end of
 * time and the runner ends the job.
 */
final class BenchSource extends UnboundedSource<Long, UnboundedSource.CheckpointMark> {
  private final BenchData data;
  private final long count;
  private final double ratePerSecond;
  private final int split;
  private final int splits;

  BenchSource(BenchData data, long count, double ratePerSecond) {
    this(data, count, ratePerSecond, 0, 1);
  }

  private BenchSource(BenchData data, long count, double ratePerSecond, int split, int splits) {
    this.data = data;
    this.count = count;
    this.ratePerSecond = ratePerSecond;
    this.split = split;
    this.splits = splits;
  }

  @Override
  public List<BenchSource> split(int desiredNumSplits, PipelineOptions options) {
    List<BenchSource> out = new ArrayList<>();
    for (int i = 0; i < desiredNumSplits; i++) {
      out.add(new BenchSource(data, count, ratePerSecond, i, desiredNumSplits));
    }
    return out;
  }

  @Override
  public UnboundedReader<Long> createReader(PipelineOptions options, CheckpointMark checkpoint) {
    return new Reader(this);
  }

  @Override
  public Coder<CheckpointMark> getCheckpointMarkCoder() {
    return null; // the benchmark does not checkpoint
  }

  @Override
  public Coder<Long> getOutputCoder() {
    return VarLongCoder.of();
  }

  /** Reads split {@code split}: indexes split, split + splits, ... */
  static final class Reader extends UnboundedReader<Long> {
    private final BenchSource source;
    private long next;
    private long current = -1;
    private long startNanos;

    Reader(BenchSource source) {
      this.source = source;
      this.next = source.split;
    }

    @Override
    public boolean start() {
      startNanos = System.nanoTime();
      return advance();
    }

    @Override
    public boolean advance() {
      if (next >= source.count) {
        current = source.count;
        return false;
      }
      if (source.ratePerSecond > 0) {
        // Index i is due at i / rate seconds after the start (all splits together keep the rate).
        long dueNanos = startNanos + (long) (next * 1e9 / source.ratePerSecond);
        if (System.nanoTime() < dueNanos) {
          return false;
        }
      }
      current = next;
      next += source.splits;
      return true;
    }

    @Override
    public Long getCurrent() {
      if (current < 0 || current >= source.count) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      return new Instant(source.data.eventTimeMillis(getCurrent()));
    }

    @Override
    public Instant getWatermark() {
      if (next >= source.count) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      return current < 0 ? BoundedWindow.TIMESTAMP_MIN_VALUE : new Instant(source.data.eventTimeMillis(current));
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return CheckpointMark.NOOP_CHECKPOINT_MARK;
    }

    @Override
    public BenchSource getCurrentSource() {
      return source;
    }

    @Override
    public void close() throws IOException {}
  }
}
