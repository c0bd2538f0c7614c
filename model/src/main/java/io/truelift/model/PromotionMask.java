package io.truelift.model;

/**
 * Which promotion signals the feature code switches off (mask-and-predict): {@link #NONE} scores
 * the world as observed, {@link #ALL} gives the no-promotion counterfactual of DESIGN.md (the
 * product's own and its siblings' promotions off), {@link #OWN} switches off only its own.
 */
public enum PromotionMask {
  NONE,
  OWN,
  ALL;

  boolean ownOff() {
    return this != NONE;
  }

  boolean siblingsOff() {
    return this == ALL;
  }
}
