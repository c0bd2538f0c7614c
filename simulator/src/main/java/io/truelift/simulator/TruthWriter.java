package io.truelift.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.truelift.core.contracts.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the ground-truth file: run parameters and {@link GroundTruth} of every promotion. The
 * file is replaced atomically, so a reader never sees half a document, and holds no wall-clock
 * time, so the same seed and arguments give the same bytes.
 */
public final class TruthWriter {
  private final Path file;
  private final Map<String, Object> header;
  private final GroundTruth truth;
  private final Market market;

  public TruthWriter(Path file, Map<String, Object> header, GroundTruth truth, Market market) {
    this.file = file.toAbsolutePath();
    this.header = new LinkedHashMap<>(header);
    this.truth = truth;
    this.market = market;
  }

  /**
   * Rewrites the file with each promotion's truth over its period cut at {@code through} (null: the
   * scheduled end); promotions started from outside, without an end, are counted up to {@code now}.
   */
  public void write(Instant through, Instant now) {
    Map<String, Object> doc = new LinkedHashMap<>(header);
    doc.put("truthThrough", through);
    doc.put("openEndedPromotionsThrough", now);
    doc.put(
        "method",
        "Expected values from the nested-logit demand model: arrival intensity x choice "
            + "probabilities integrated over each promotion's period, with vs without that "
            + "promotion (other promotions held as they were). Not counted from random draws. "
            + "Units are units sold; money in cents for the promoted item plus its substitutes, "
            + "the discount on sales that would have happened anyway counted as a loss. "
            + "'attributed' is the same promotion by TrueLift's method: against a category without "
            + "promotions, each non-promoted substitute's loss shared between the promotions running "
            + "at that moment by their marginal effects on it (equal to the above without overlaps).");
    doc.put("priceBeta", ChoiceModel.PRICE_BETA);
    doc.put("meanUnitsPerPurchase", DemandModel.MEAN_UNITS_PER_PURCHASE);
    doc.put("promotions", truth.forAll(market, through, now));
    try {
      ObjectMapper mapper = EventJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      mapper.writeValue(tmp.toFile(), doc);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write --truth " + file, e);
    }
  }
}
