package io.truelift.workflows.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Type;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.workflows.alert.AlertAnalysis;
import io.truelift.workflows.alert.AlertDao.PromotionPrices;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.Recommendation;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the analysis with Gemini (Google Gen AI SDK, structured JSON output). The numbers come
 * from {@link DeterministicAnalyst}: the three options, their ranks, their expected effects (the
 * estimator's what-if on the active model, or the labelled heuristic without one) and the
 * confidence are computed by TrueLift and handed to the model as facts; the model only explains
 * and phrases. Its answer has no numeric field: the stored action types, prices, effects and
 * confidence are TrueLift's, and each stored rationale ends with TrueLift's own sentence stating
 * the effect and its basis. The answer must follow the response schema, keep the ranks 1–3 and
 * quote no dollar amount that is not among the facts; otherwise it is {@link
 * AnalystException.Kind#MALFORMED}. One call per
 * {@link #analyse}: the SDK's own retries are off, because the workflow retries the activity (with
 * a durable backoff) and then falls back to the deterministic analyst.
 */
public final class GeminiAnalyst implements AutoCloseable {
  static final int MAX_EXPLANATION = 8000;
  static final int MAX_TITLE = 200;
  static final int MAX_RATIONALE = 4000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DOLLARS = Pattern.compile("\\$\\s?([0-9][0-9,]*(?:\\.[0-9]+)?)");

  static final String INSTRUCTION =
      """
      You explain a retail cannibalization alert to a category manager. A promotion on one product
      takes sales from its substitutes. You get the facts as JSON: the decomposition computed by
      TrueLift's estimator, the substitutes' losses, prices, timing, and three options already
      ranked and costed by TrueLift (each option's expected margin effect, its interval and its
      basis are given). Write a short explanation of why the cannibalization happens
      (which substitutes lose, how much, over what time, at what prices) and, for each option, a
      title and a rationale. Use only the facts: do not compute or estimate new figures, quote
      dollar amounts exactly as they are written in the facts, and keep each option's rank.
      Answer with JSON only, following the response schema.""";

  private final GeminiSettings settings;
  private final DeterministicAnalyst numbers;
  private final Client client;

  public GeminiAnalyst(GeminiSettings settings, DeterministicAnalyst numbers) {
    this.settings = settings;
    this.numbers = numbers;
    HttpOptions.Builder http =
        HttpOptions.builder()
            .timeout((int) settings.timeout().toMillis())
            // Exactly one HTTP attempt; Temporal's retry policy owns the retries. Both settings are
            // needed: without retryOptions the SDK retries 5 times, and with a retryable status
            // list it sleeps a backoff even after its last attempt (2.0.0), past our timeout.
            .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
    if (settings.baseUrl() != null) {
      http.baseUrl(settings.baseUrl());
    }
    this.client =
        Client.builder().apiKey(settings.apiKey()).vertexAI(false).httpOptions(http.build()).build();
  }

  public String label() {
    return settings.label();
  }

  /** One call to Gemini; throws {@link AnalystException} when it gives no usable analysis. */
  public AlertAnalysis analyse(CannibalizationAlert alert, PromotionPrices prices) {
    DeterministicAnalyst.Computed computed = numbers.compute(alert, prices);
    ObjectNode facts = facts(alert, prices, computed);
    GenerateContentResponse response;
    try {
      response =
          client.models.generateContent(settings.model(), JSON.writeValueAsString(facts), config());
    } catch (ApiException e) {
      throw classify(e);
    } catch (GenAiIOException e) {
      if (causedBy(e, com.fasterxml.jackson.core.JsonProcessingException.class)) {
        throw new AnalystException(
            AnalystException.Kind.MALFORMED,
            "Gemini's HTTP body is not a generateContent response: " + e.getMessage(),
            e);
      }
      throw new AnalystException(
          timedOut(e) ? AnalystException.Kind.TIMEOUT : AnalystException.Kind.UNAVAILABLE,
          (timedOut(e) ? "Gemini did not answer within " + settings.timeout() : "Gemini unreachable")
              + ": "
              + e.getMessage(),
          e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Could not encode the facts", e);
    } catch (RuntimeException e) {
      // E.g. the SDK could not parse the HTTP body as a GenerateContentResponse.
      throw new AnalystException(
          timedOut(e) ? AnalystException.Kind.TIMEOUT : AnalystException.Kind.MALFORMED,
          "Gemini call failed: " + e,
          e);
    }
    String text;
    try {
      text = response.text();
    } catch (RuntimeException e) {
      throw new AnalystException(
          AnalystException.Kind.MALFORMED, "Gemini's answer has no text: " + e.getMessage(), e);
    }
    if (text == null || text.isBlank()) {
      throw new AnalystException(
          AnalystException.Kind.MALFORMED,
          "Gemini's answer has no text (finish reason " + finishReason(response) + ")");
    }
    return merge(settings.label(), computed, parse(text), allowedAmounts(facts));
  }

  private static String finishReason(GenerateContentResponse r) {
    try {
      return String.valueOf(r.finishReason());
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  GenerateContentConfig config() {
    Schema option =
        Schema.builder()
            .type(Type.Known.OBJECT)
            .properties(
                Map.of(
                    "rank", Schema.builder().type(Type.Known.INTEGER).description("1, 2 or 3").build(),
                    "title", Schema.builder().type(Type.Known.STRING).build(),
                    "rationale", Schema.builder().type(Type.Known.STRING).build()))
            .required("rank", "title", "rationale")
            .propertyOrdering("rank", "title", "rationale")
            .build();
    Schema answer =
        Schema.builder()
            .type(Type.Known.OBJECT)
            .properties(
                Map.of(
                    "explanation", Schema.builder().type(Type.Known.STRING).build(),
                    "recommendations",
                        Schema.builder()
                            .type(Type.Known.ARRAY)
                            .items(option)
                            .minItems(3L)
                            .maxItems(3L)
                            .build()))
            .required("explanation", "recommendations")
            .propertyOrdering("explanation", "recommendations")
            .build();
    return GenerateContentConfig.builder()
        .systemInstruction(Content.fromParts(Part.fromText(INSTRUCTION)))
        .responseMimeType("application/json")
        .responseSchema(answer)
        .temperature(0.2f)
        .candidateCount(1)
        .build();
  }

  /** The facts the model may use: the alert's numbers and the computed options. */
  static ObjectNode facts(
      CannibalizationAlert a, PromotionPrices prices, DeterministicAnalyst.Computed computed) {
    AlertAnalysis analysis = computed.analysis();
    ObjectNode f = JSON.createObjectNode();
    f.put("promotionId", a.promotionId());
    f.put("promotedSku", a.promotedSku());
    f.put("category", a.category());
    f.put("subCategory", a.subCategory());
    f.put("evidenceFrom", a.windowStart().toString());
    f.put("evidenceTo", a.windowEnd().toString());
    f.put("evidenceHours", round(DeterministicAnalyst.evidenceHours(a), 1));
    f.put("grossLiftUnits", Math.round(a.grossLiftUnits()));
    f.put("cannibalizedUnits", Math.round(a.cannibalizedUnits()));
    f.put("cannibalizationRatePercent", Math.round(100 * a.cannibalizationRate()));
    f.put("substitutesLostRevenueAtRegularPrices", dollars(a.lostRevenueCents()));
    ArrayNode subs = f.putArray("substitutes");
    for (SubstituteLoss s : a.substitutes()) {
      ObjectNode n = subs.addObject();
      n.put("sku", s.sku());
      n.put("expectedUnits", Math.round(s.baselineUnits()));
      n.put("actualUnits", Math.round(s.actualUnits()));
      n.put("lostUnits", Math.round(s.lostUnits()));
    }
    if (prices != null) {
      f.put("promotionPrice", dollars(prices.promoPriceCents()));
      f.put("regularPrice", dollars(prices.regularPriceCents()));
    }
    f.put("sequentialTestLogLikelihoodRatio", round(a.testStatistic(), 2));
    f.put(
        "probabilityTheShortfallIsReal",
        String.format(Locale.ROOT, "%.1f%%", 100 * analysis.confidence()));
    f.put("expectedEffectsBasis", computed.basis());
    ArrayNode options = f.putArray("options");
    for (Recommendation r : analysis.recommendations()) {
      ObjectNode o = options.addObject();
      o.put("rank", r.rank());
      o.put("action", r.actionType().name());
      if (r.newPriceCents() != null) {
        o.put("newPrice", dollars(r.newPriceCents()));
      }
      if (r.expectedMarginChangeCents() != null) {
        o.put("expectedEffect", DeterministicAnalyst.signed(r.expectedMarginChangeCents()));
      }
      o.put("expectedEffectStatement", computed.effectNotes().get(r.rank()));
      o.put("basis", r.rationale());
    }
    return f;
  }

  static String dollars(long cents) {
    return String.format(Locale.ROOT, "$%.2f", cents / 100.0);
  }

  private static double round(double v, int places) {
    return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue();
  }

  /** Every dollar amount written in the facts (including those inside the computed texts). */
  static Set<BigDecimal> allowedAmounts(JsonNode facts) {
    Set<BigDecimal> out = new LinkedHashSet<>();
    collect(facts, out);
    return out;
  }

  private static void collect(JsonNode n, Set<BigDecimal> out) {
    if (n.isTextual()) {
      Matcher m = DOLLARS.matcher(n.asText());
      while (m.find()) {
        out.add(new BigDecimal(m.group(1).replace(",", "")));
      }
    }
    n.forEach(child -> collect(child, out));
  }

  /** The model's JSON answer, checked against the schema's rules. */
  record Answer(String explanation, Map<Integer, String[]> options) {}

  static Answer parse(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (Exception e) {
      throw malformed("answer is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw malformed("answer is not a JSON object");
    }
    String explanation = text(root, "explanation", MAX_EXPLANATION);
    JsonNode recs = root.get("recommendations");
    if (recs == null || !recs.isArray() || recs.size() != 3) {
      throw malformed(
          "recommendations must be an array of 3, got "
              + (recs == null ? "nothing" : recs.getNodeType() + " of " + recs.size()));
    }
    Map<Integer, String[]> options = new HashMap<>();
    for (JsonNode r : recs) {
      JsonNode rank = r.get("rank");
      if (rank == null || !rank.canConvertToInt() || rank.asInt() < 1 || rank.asInt() > 3) {
        throw malformed("recommendations[].rank must be 1, 2 or 3, got " + rank);
      }
      if (options.put(
              rank.asInt(), new String[] {text(r, "title", MAX_TITLE), text(r, "rationale", MAX_RATIONALE)})
          != null) {
        throw malformed("recommendations repeat rank " + rank.asInt());
      }
    }
    return new Answer(explanation, options);
  }

  private static String text(JsonNode n, String field, int max) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw malformed(field + " must be a non-empty string, got " + v);
    }
    String s = v.asText().strip();
    if (s.length() > max) {
      throw malformed(field + " must be at most " + max + " characters, got " + s.length());
    }
    return s;
  }

  /**
   * The computed options with the model's wording, each rationale followed by TrueLift's statement
   * of the option's effect and basis; refuses dollar figures the model made up.
   */
  static AlertAnalysis merge(
      String label, DeterministicAnalyst.Computed computed, Answer answer, Set<BigDecimal> allowed) {
    List<String> texts = new ArrayList<>();
    texts.add(answer.explanation());
    answer.options().values().forEach(t -> texts.addAll(List.of(t)));
    for (String t : texts) {
      Matcher m = DOLLARS.matcher(t);
      while (m.find()) {
        BigDecimal quoted = new BigDecimal(m.group(1).replace(",", ""));
        if (allowed.stream()
            .noneMatch(a -> a.setScale(quoted.scale(), RoundingMode.HALF_UP).compareTo(quoted) == 0)) {
          throw malformed(
              "the answer quotes $" + m.group(1) + ", which is not among the computed figures");
        }
      }
    }
    List<Recommendation> recs = new ArrayList<>();
    for (Recommendation r : computed.analysis().recommendations()) {
      String[] words = answer.options().get(r.rank());
      String note = " " + computed.effectNotes().get(r.rank());
      recs.add(r.reworded(words[0], clip(words[1], MAX_RATIONALE - note.length()) + note));
    }
    String basis = " Expected effects: " + computed.basis() + ".";
    return new AlertAnalysis(
        label,
        clip(answer.explanation(), MAX_EXPLANATION - basis.length()) + basis,
        computed.analysis().confidence(),
        recs);
  }

  /** Cuts the model's text so TrueLift's own sentence still fits the column after it. */
  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
  }

  private static AnalystException malformed(String why) {
    return new AnalystException(AnalystException.Kind.MALFORMED, "Gemini's answer broke the contract: " + why);
  }

  private AnalystException classify(ApiException e) {
    int code = e.code();
    AnalystException.Kind kind =
        code == 429
            ? AnalystException.Kind.RATE_LIMITED
            : code == 408 || code == 504
                ? AnalystException.Kind.TIMEOUT
                : code >= 500 ? AnalystException.Kind.SERVER_ERROR : AnalystException.Kind.REJECTED;
    return new AnalystException(
        kind, "Gemini answered HTTP " + code + " " + e.status() + ": " + e.message(), e);
  }

  private static boolean timedOut(Throwable e) {
    // SocketTimeoutException and OkHttp's call timeout are both InterruptedIOExceptions.
    return causedBy(e, InterruptedIOException.class);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Closes the SDK client. Call once at shutdown: the SDK shares its HTTP dispatcher between
   * clients, so closing one client cancels calls of any other in the same JVM.
   */
  @Override
  public void close() {
    client.close();
  }
}
