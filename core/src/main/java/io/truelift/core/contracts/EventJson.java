package io.truelift.core.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.stream.Collectors;

/**
 * The one JSON codec for every topic. {@link #decode} turns any failure (malformed JSON, a wrong
 * type, a broken rule) into an {@link InvalidEventException} naming the field and the value, so
 * consumers can dead-letter it; unknown fields are ignored so producers can add fields first.
 */
public final class EventJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

  private EventJson() {}

  /** A mapper configured like the codec, for callers that embed events in larger documents. */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  public static String encode(Object event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot encode " + event, e);
    }
  }

  public static <T> T decode(String json, Class<T> type) {
    if (json == null || json.isBlank()) {
      throw new InvalidEventException("$", "payload is empty");
    }
    try {
      return MAPPER.readValue(json, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidEventException invalid) {
        throw invalid;
      }
      throw new InvalidEventException(path(e), "invalid " + type.getSimpleName() + ": " + cause, e);
    } catch (InvalidFormatException e) {
      String field = path(e);
      throw new InvalidEventException(
          field,
          "%s must be a %s, got %s"
              .formatted(field, describe(e.getTargetType()), quote(e.getValue())),
          e);
    } catch (MismatchedInputException e) {
      String field = path(e);
      throw new InvalidEventException(
          field,
          "%s must be a %s: %s"
              .formatted(field, describe(e.getTargetType()), e.getOriginalMessage()),
          e);
    } catch (JsonMappingException e) {
      throw new InvalidEventException(path(e), e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("$", "payload is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses a payload into a JSON object, for consumers that choose the record by a field. */
  static JsonNode tree(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidEventException("$", "payload is empty");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("$", "payload is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!node.isObject()) {
      throw new InvalidEventException("$", "payload must be a JSON object, got " + node.getNodeType());
    }
    return node;
  }

  private static String path(JsonMappingException e) {
    String p =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    return p.isEmpty() ? "$" : p;
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      StringBuilder sb = new StringBuilder("one of [");
      for (int i = 0; i < constants.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(constants[i]);
      }
      return sb.append("]").toString();
    }
    if (type == java.time.Instant.class) {
      return "ISO-8601 instant (e.g. 2026-01-05T10:15:00Z)";
    }
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "whole number";
    }
    if (type == double.class || type == Double.class) {
      return "number";
    }
    return type.getSimpleName();
  }

  private static String quote(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }
}
