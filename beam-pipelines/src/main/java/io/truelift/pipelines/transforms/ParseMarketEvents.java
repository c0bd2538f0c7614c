package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.InvalidEventException;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.pipelines.PipelineMetrics;
import io.truelift.pipelines.model.Baseline;
import java.time.Instant;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Decodes {@code market_events} JSON into {@link MarketEvent}s. A payload that breaks the contract,
 * or names a product the catalog does not know (its sub-category, and so its detector, cannot be
 * found), goes to {@link #DEAD_LETTERS} with the reason.
 */
public class ParseMarketEvents extends PTransform<PCollection<String>, PCollectionTuple> {
  public static final TupleTag<MarketEvent> PARSED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final String sourceTopic;
  private final Baseline catalog;

  public ParseMarketEvents(String sourceTopic, Baseline catalog) {
    this.sourceTopic = sourceTopic;
    this.catalog = catalog;
  }

  @Override
  public PCollectionTuple expand(PCollection<String> raw) {
    PCollectionTuple out =
        raw.apply(
            "ParseMarketEventJson",
            ParDo.of(new ParseMarketEventFn(sourceTopic, catalog))
                .withOutputTags(PARSED, TupleTagList.of(DEAD_LETTERS)));
    out.get(PARSED).setCoder(SerializableCoder.of(MarketEvent.class));
    out.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
    return out;
  }

  static class ParseMarketEventFn extends DoFn<String, MarketEvent> {
    private final String sourceTopic;
    private final Baseline catalog;
    private final Counter invalid = PipelineMetrics.counter(PipelineMetrics.INVALID);

    ParseMarketEventFn(String sourceTopic, Baseline catalog) {
      this.sourceTopic = sourceTopic;
      this.catalog = catalog;
    }

    @ProcessElement
    public void processElement(@Element String json, MultiOutputReceiver out) {
      try {
        MarketEvent e = EventJson.decode(json, MarketEvent.class);
        if (!catalog.knows(e.sku())) {
          throw new InvalidEventException(
              "sku", "sku must be a product of the catalog, got \"" + e.sku() + "\"");
        }
        out.get(PARSED).output(e);
      } catch (InvalidEventException e) {
        invalid.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(sourceTopic, "beam-pipelines", json, e, Instant.now()));
      }
    }
  }
}
