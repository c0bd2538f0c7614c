package io.truelift.simulator;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.ShoppingEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes shopping events to one JSONL file and market events to a sibling {@code
 * <name>.market.jsonl}. Buffered with a large buffer and never flushed per event, so file mode runs
 * at hundreds of thousands of events per second.
 */
public final class JsonlSink implements EventSink {
  private final BufferedWriter shopping;
  private final BufferedWriter market;

  public JsonlSink(Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.shopping = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 20);
    this.market = Files.newBufferedWriter(marketFile(out), StandardCharsets.UTF_8);
  }

  /** Where market events go for shopping events written to {@code out}. */
  public static Path marketFile(Path out) {
    String name = out.getFileName().toString().replaceFirst("\\.jsonl$", "");
    return out.resolveSibling(name + ".market.jsonl");
  }

  @Override
  public void shopping(ShoppingEvent event) {
    write(shopping, EventJson.encode(event));
  }

  @Override
  public void market(MarketEvent event) {
    write(market, EventJson.encode(event));
  }

  private static void write(BufferedWriter w, String line) {
    try {
      w.write(line);
      w.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void flush() {
    try {
      shopping.flush();
      market.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try (shopping;
        market) {
      flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
