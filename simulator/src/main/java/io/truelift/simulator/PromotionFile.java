package io.truelift.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a promotion schedule from a JSON array or a CSV file (by extension). Each promotion has
 * {@code promotionId, sku, storeId (empty: all stores), promoPriceCents, start, end}; times are
 * ISO instants or offsets from {@code --start} such as {@code +20m}, {@code +8h}, {@code +1d}.
 */
public final class PromotionFile {
  private static final String CSV_HEADER = "promotionId,sku,storeId,promoPriceCents,start,end";

  private PromotionFile() {}

  public static List<Promotion> read(Path file, Instant simStart) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("--promotions cannot read " + file + ": " + e.getMessage());
    }
    return file.toString().toLowerCase().endsWith(".csv")
        ? parseCsv(file.toString(), text, simStart)
        : parseJson(file.toString(), text, simStart);
  }

  static List<Promotion> parseJson(String name, String text, Instant simStart) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--promotions %s is not valid JSON: %s".formatted(name, e.getMessage()));
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(
          "--promotions %s must be a JSON array of promotions".formatted(name));
    }
    List<Promotion> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      String where = "%s[%d]".formatted(name, i);
      out.add(
          build(
              where,
              text(n, "promotionId"),
              text(n, "sku"),
              text(n, "storeId"),
              text(n, "promoPriceCents"),
              text(n, "start"),
              text(n, "end"),
              simStart));
    }
    return out;
  }

  static List<Promotion> parseCsv(String name, String text, Instant simStart) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty() || !lines.get(0).replace(" ", "").equals(CSV_HEADER)) {
      throw new IllegalArgumentException(
          "--promotions %s must start with the header %s".formatted(name, CSV_HEADER));
    }
    List<Promotion> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      String where = "%s line %d".formatted(name, i + 1);
      if (f.length != 6) {
        throw new IllegalArgumentException(
            "%s must have 6 comma-separated fields, got %d".formatted(where, f.length));
      }
      out.add(build(where, f[0], f[1], f[2], f[3], f[4], f[5], simStart));
    }
    return out;
  }

  private static Promotion build(
      String where,
      String id,
      String sku,
      String store,
      String price,
      String start,
      String end,
      Instant simStart) {
    long cents;
    try {
      cents = Long.parseLong(price.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(
          "%s: promoPriceCents must be a whole number of cents, got \"%s\"".formatted(where, price));
    }
    try {
      return new Promotion(
          id == null ? null : id.trim(),
          sku == null ? null : sku.trim(),
          store == null ? null : store.trim(),
          cents,
          time(where, "start", start, simStart),
          time(where, "end", end, simStart));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  private static Instant time(String where, String field, String v, Instant simStart) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("%s: %s is required".formatted(where, field));
    }
    String s = v.trim();
    if (s.startsWith("+")) {
      return simStart.plus(SimulatorOptions.duration(field, s.substring(1)));
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "%s: %s must be an ISO instant or an offset like +20m, got \"%s\"".formatted(where, field, v));
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
