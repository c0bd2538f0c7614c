package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.ShoppingEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * A compact coder for {@link ShoppingEvent}, the one element type every event passes through a
 * shuffle as: its fields in order (strings UTF-8, numbers as var-ints), about a tenth of Java
 * serialization's cost. Decoding runs the record's validation again, which a valid event passes.
 */
public final class ShoppingEventCoder extends AtomicCoder<ShoppingEvent> {
  private static final ShoppingEventCoder INSTANCE = new ShoppingEventCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final BooleanCoder BOOLEAN = BooleanCoder.of();

  private ShoppingEventCoder() {}

  public static ShoppingEventCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ShoppingEvent e, OutputStream out) throws IOException {
    INT.encode(e.schemaVersion(), out);
    STRING.encode(e.eventId(), out);
    LONG.encode(e.eventTime().getEpochSecond(), out);
    INT.encode(e.eventTime().getNano(), out);
    STRING.encode(e.storeId(), out);
    STRING.encode(e.sku(), out);
    STRING.encode(e.category(), out);
    STRING.encode(e.subCategory(), out);
    INT.encode(e.units(), out);
    LONG.encode(e.unitPriceCents(), out);
    LONG.encode(e.regularPriceCents(), out);
    BOOLEAN.encode(e.promotionId() != null, out);
    if (e.promotionId() != null) {
      STRING.encode(e.promotionId(), out);
    }
  }

  @Override
  public ShoppingEvent decode(InputStream in) throws IOException {
    int version = INT.decode(in);
    String eventId = STRING.decode(in);
    Instant at = Instant.ofEpochSecond(LONG.decode(in), INT.decode(in));
    String store = STRING.decode(in);
    String sku = STRING.decode(in);
    String category = STRING.decode(in);
    String subCategory = STRING.decode(in);
    int units = INT.decode(in);
    long unitPrice = LONG.decode(in);
    long regularPrice = LONG.decode(in);
    String promotionId = BOOLEAN.decode(in) ? STRING.decode(in) : null;
    return new ShoppingEvent(
        version, eventId, at, store, sku, category, subCategory, units, unitPrice, regularPrice, promotionId);
  }

  @Override
  public void verifyDeterministic() {}
}
