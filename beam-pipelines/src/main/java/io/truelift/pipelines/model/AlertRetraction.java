package io.truelift.pipelines.model;

import java.io.Serializable;
import java.time.Instant;

/**
 * An alert raised on a window's on-time data that late data within the allowed lateness undid:
 * the corrected windows no longer make the promotion's loss material. Written to the pipeline's
 * own alert record; the {@code cannibalization-alerts} contract has no retraction (see README).
 *
 * @param alertId the retracted alert's id
 * @param promotionId its promotion
 * @param decidedAt end of the window whose corrected data undid it (event time)
 */
public record AlertRetraction(String alertId, String promotionId, Instant decidedAt) implements Serializable {}
