package io.truelift.api.api;

import java.util.List;

/** One page of a list and the number of items in the whole list. */
public record Page<T>(List<T> items, long total) {
  public Page {
    items = List.copyOf(items);
  }
}
