package io.truelift.workflows.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.truelift.core.contracts.ActionType;
import io.truelift.workflows.TestAlerts;
import io.truelift.workflows.alert.AlertAnalysis;
import io.truelift.workflows.alert.AlertDao.PromotionPrices;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.Recommendation;
import io.truelift.workflows.analysis.FakeGemini.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real SDK client against a local fake of the generateContent wire format. */
public class GeminiAnalystTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final PromotionPrices PRICES = new PromotionPrices(399, 599);

  /** A well-formed model answer quoting only computed figures ($379.41, $7484.25, $3742.12). */
  public static final String GOOD_ANSWER =
      """
      {"explanation": "The discount on PIZZA-4CH pulls buyers away from PIZZA-PEP and PIZZA-PB: 75 of its 83 extra units came from them, $379.41 of lost regular-price sales in 1.2 hours.",
       "recommendations": [
         {"rank": 1, "title": "Stop the PIZZA-4CH promotion", "rationale": "Recovers about $7484.25 per day of substitute sales."},
         {"rank": 2, "title": "Move the price to $4.99", "rationale": "Keeps some traffic and recovers about $3742.12 per day."},
         {"rank": 3, "title": "Keep it running", "rationale": "Only if the traffic is worth the substitutes' loss."}]}
      """;

  // One client for the class: the SDK shares its HTTP dispatcher between clients, so closing one
  // client breaks calls of the others in the same JVM.
  private static FakeGemini fake;
  private static GeminiAnalyst analyst;

  @BeforeAll
  static void start() throws Exception {
    fake = new FakeGemini();
    analyst =
        new GeminiAnalyst(
            new GeminiSettings("test-key", "test-model", fake.baseUrl(), Duration.ofMillis(800), 3),
            new DeterministicAnalyst());
  }

  @BeforeEach
  void resetScript() {
    fake.reset();
  }

  @AfterAll
  static void stop() {
    analyst.close();
    fake.close();
  }

  private static AlertAnalysis analyse() {
    return analyst.analyse(TestAlerts.alert("P-1"), PRICES);
  }

  @Test
  void wellFormedAnswerIsWordingOnTopOfTheComputedNumbers() throws Exception {
    fake.then(Reply.ok(GOOD_ANSWER));
    AlertAnalysis a = analyse();
    AlertAnalysis computed = new DeterministicAnalyst().analyse(TestAlerts.alert("P-1"), PRICES);

    assertThat(a.analyst()).isEqualTo("gemini:test-model");
    assertThat(a.explanation()).startsWith("The discount on PIZZA-4CH");
    assertThat(a.confidence()).isEqualTo(computed.confidence());
    assertThat(a.recommendations())
        .extracting(Recommendation::actionType)
        .containsExactly(ActionType.STOP_PROMOTION, ActionType.ADJUST_PRICE, ActionType.DISMISS);
    for (int i = 0; i < 3; i++) {
      Recommendation r = a.recommendations().get(i);
      Recommendation c = computed.recommendations().get(i);
      assertThat(r.expectedMarginChangeCents()).isEqualTo(c.expectedMarginChangeCents());
      assertThat(r.newPriceCents()).isEqualTo(c.newPriceCents());
    }
    assertThat(a.recommendations().get(1).title()).isEqualTo("Move the price to $4.99");

    FakeGemini.Received req = fake.received().get(0);
    assertThat(req.method()).isEqualTo("POST");
    // The SDK picks the API version (v1 in 2.0.0); the method path is the wire contract.
    assertThat(req.path()).matches("/v1(beta)?/models/test-model:generateContent");
    assertThat(req.apiKey()).isEqualTo("test-key");
    JsonNode body = JSON.readTree(req.body());
    assertThat(body.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
    assertThat(body.at("/generationConfig/responseSchema/required").toString())
        .contains("explanation", "recommendations");
    assertThat(body.at("/systemInstruction/parts/0/text").asText()).contains("Use only the facts");
    JsonNode facts = JSON.readTree(body.at("/contents/0/parts/0/text").asText());
    assertThat(facts.get("substitutesLostRevenueAtRegularPrices").asText()).isEqualTo("$379.41");
    assertThat(facts.at("/options/0/expectedEffect").asText()).isEqualTo("+$7484.25");
    assertThat(facts.at("/options/1/newPrice").asText()).isEqualTo("$4.99");
    assertThat(facts.get("probabilityTheShortfallIsReal").asText()).isEqualTo("99.8%");
  }

  @Test
  void rateLimitIsRetryableAndTheSdkDoesNotRetryOnItsOwn() {
    fake.then(Reply.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded"));
    assertFails(AnalystException.Kind.RATE_LIMITED, "HTTP 429", "Quota exceeded");
    assertThat(fake.received()).hasSize(1);
  }

  @Test
  void serverErrorsAreRetryable() {
    fake.then(Reply.error(500, "INTERNAL", "boom"), Reply.error(503, "UNAVAILABLE", "overloaded"));
    assertFails(AnalystException.Kind.SERVER_ERROR, "HTTP 500");
    assertFails(AnalystException.Kind.SERVER_ERROR, "HTTP 503");
  }

  @Test
  void slowAnswerTimesOut() {
    fake.then(Reply.ok(GOOD_ANSWER).delayed(3000));
    long t0 = System.nanoTime();
    assertFails(AnalystException.Kind.TIMEOUT, "within PT0.8S");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void answerThatIsNotJsonOrBreaksTheSchemaIsMalformed() {
    fake.then(
        Reply.ok("Sure! Here is my analysis: stop the promotion."),
        Reply.ok("{\"explanation\": \"x\", \"recommendations\": []}"),
        Reply.ok(GOOD_ANSWER.replace("\"rank\": 3", "\"rank\": 2")),
        Reply.ok(GOOD_ANSWER.replace("\"title\": \"Keep it running\", ", "")),
        new Reply(200, "<html>proxy error</html>", 0));
    assertFails(AnalystException.Kind.MALFORMED, "answer is not JSON");
    assertFails(AnalystException.Kind.MALFORMED, "recommendations must be an array of 3");
    assertFails(AnalystException.Kind.MALFORMED, "repeat rank 2");
    assertFails(AnalystException.Kind.MALFORMED, "title must be a non-empty string");
    assertFails(AnalystException.Kind.MALFORMED, "not a generateContent response");
  }

  @Test
  void answerQuotingAFigureTrueLiftDidNotComputeIsRefused() {
    fake.then(Reply.ok(GOOD_ANSWER.replace("$7484.25", "$12,000")));
    assertFails(AnalystException.Kind.MALFORMED, "quotes $12,000", "not among the computed figures");
  }

  @Test
  void roundedQuotesOfComputedFiguresAreAccepted() {
    fake.then(Reply.ok(GOOD_ANSWER.replace("$7484.25", "$7,484")));
    assertThat(analyse().recommendations().get(0).rationale()).contains("$7,484");
  }

  @Test
  void refusedRequestIsNotRetryable() {
    fake.then(Reply.error(403, "PERMISSION_DENIED", "API key not valid"));
    AnalystException e = assertFails(AnalystException.Kind.REJECTED, "HTTP 403");
    assertThat(e.retryable()).isFalse();
    assertThat(AnalystException.Kind.RATE_LIMITED.failureType()).isEqualTo("GeminiRateLimited");
  }

  @Test
  void settingsComeFromTheEnvironmentAndNeverPrintTheKey() {
    assertThat(GeminiSettings.fromEnvironment(java.util.Map.of())).isEmpty();
    GeminiSettings s =
        GeminiSettings.fromEnvironment(
                java.util.Map.of(
                    "GEMINI_API_KEY", "secret",
                    "TRUELIFT_GEMINI_TIMEOUT_SECONDS", "12",
                    "TRUELIFT_GEMINI_MAX_ATTEMPTS", "5"))
            .orElseThrow();
    assertThat(s.model()).isEqualTo(GeminiSettings.DEFAULT_MODEL);
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(s.maxAttempts()).isEqualTo(5);
    assertThat(s.toString()).doesNotContain("secret");
    assertThatThrownBy(
            () ->
                GeminiSettings.fromEnvironment(
                    java.util.Map.of("GEMINI_API_KEY", "k", "TRUELIFT_GEMINI_MAX_ATTEMPTS", "0")))
        .hasMessage("TRUELIFT_GEMINI_MAX_ATTEMPTS must be a whole number > 0, got \"0\"");
  }

  private AnalystException assertFails(AnalystException.Kind kind, String... messageParts) {
    AnalystException[] caught = new AnalystException[1];
    assertThatThrownBy(GeminiAnalystTest::analyse)
        .isInstanceOfSatisfying(
            AnalystException.class,
            e -> {
              assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
              assertThat(e.getMessage()).contains(messageParts);
              caught[0] = e;
            });
    return caught[0];
  }
}
