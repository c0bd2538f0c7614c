package io.truelift.api.core;

import io.truelift.model.BaselineModel;
import io.truelift.model.SalesHistory;
import java.util.Optional;

/** The active baseline model and the sales history the what-if reads recent levels from. */
public interface ModelSource {
  /** The registry's ACTIVE model, once loaded; empty when there is none (yet). */
  Optional<BaselineModel> activeModel();

  /** The sales history, when configured and readable. */
  Optional<SalesHistory> history();

  /** Why {@link #activeModel()} or {@link #history()} is empty, for a 503's message. */
  String unavailableReason();

  /** No model, no history (tests, and an API started without either). */
  ModelSource NONE =
      new ModelSource() {
        @Override
        public Optional<BaselineModel> activeModel() {
          return Optional.empty();
        }

        @Override
        public Optional<SalesHistory> history() {
          return Optional.empty();
        }

        @Override
        public String unavailableReason() {
          return "no model source is configured";
        }
      };
}
