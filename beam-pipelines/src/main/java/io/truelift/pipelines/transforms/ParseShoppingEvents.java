package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.InvalidEventException;
import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.pipelines.PipelineMetrics;
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
 * Decodes raw JSON into {@link ShoppingEvent}s. Anything that breaks the contract goes to the
 * {@link #DEAD_LETTERS} output with its raw payload and the reason, never dropped silently.
 */
public class ParseShoppingEvents extends PTransform<PCollection<String>, PCollectionTuple> {
  public static final TupleTag<ShoppingEvent> PARSED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final String sourceTopic;

  public ParseShoppingEvents(String sourceTopic) {
    this.sourceTopic = sourceTopic;
  }

  @Override
  public PCollectionTuple expand(PCollection<String> raw) {
    PCollectionTuple out =
        raw.apply(
            "ParseEventJson",
            ParDo.of(new ParseEventFn(sourceTopic))
                .withOutputTags(PARSED, TupleTagList.of(DEAD_LETTERS)));
    out.get(PARSED).setCoder(ShoppingEventCoder.of());
    out.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
    return out;
  }

  /** Decodes one payload; routes failures to the dead-letter output. */
  static class ParseEventFn extends DoFn<String, ShoppingEvent> {
    private final String sourceTopic;
    private final Counter valid = PipelineMetrics.counter(PipelineMetrics.EVENTS);
    private final Counter invalid = PipelineMetrics.counter(PipelineMetrics.INVALID);

    ParseEventFn(String sourceTopic) {
      this.sourceTopic = sourceTopic;
    }

    @ProcessElement
    public void processElement(@Element String json, MultiOutputReceiver out) {
      try {
        out.get(PARSED).output(EventJson.decode(json, ShoppingEvent.class));
        valid.inc();
      } catch (InvalidEventException e) {
        invalid.inc();
        out.get(DEAD_LETTERS)
            .output(DeadLetter.of(sourceTopic, "beam-pipelines", json, e, Instant.now()));
      }
    }
  }
}
