package io.truelift.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorCliTest {
  private static SimulatorOptions parse(String... args) {
    return SimulatorOptions.parse(args, Map.of());
  }

  @Test
  void defaultsMatchTheConcept() {
    SimulatorOptions o = parse();
    assertThat(o.rate()).isEqualTo(12);
    assertThat(o.sink()).isEqualTo("kafka");
    assertThat(o.bootstrapServers()).isEqualTo("localhost:19092");
    assertThat(o.start()).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
    assertThat(o.duration()).isNull();
    assertThat(o.pace()).isTrue();
    assertThat(o.seed()).isEqualTo(42);
    assertThat(o.shoppingTopic()).isEqualTo("shopping-events");
    assertThat(o.marketTopic()).isEqualTo("market_events");
    assertThat(SimulatorOptions.parse(new String[0], Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092")).bootstrapServers())
        .isEqualTo("k:9092");
    assertThat(parse("--sink", "jsonl", "--out", "x.jsonl").duration()).isEqualTo(Duration.ofDays(1));
    assertThat(parse("--sink", "jsonl", "--out", "x.jsonl").pace()).isFalse();
    assertThat(SimulatorOptions.wantsHelp(new String[] {"--seed", "1", "--help"})).isTrue();
  }

  @Test
  void badValuesNameTheOptionAndValue() {
    assertThatThrownBy(() -> parse("--rate", "-5")).hasMessage("--rate must be > 0, got -5");
    assertThatThrownBy(() -> parse("--rate", "lots")).hasMessage("--rate must be a number, got \"lots\"");
    assertThatThrownBy(() -> parse("--scenario", "chaos"))
        .hasMessage("--scenario must be one of demo, e2e, none; got \"chaos\"");
    assertThatThrownBy(() -> parse("--sink", "s3")).hasMessage("--sink must be kafka or jsonl, got \"s3\"");
    assertThatThrownBy(() -> parse("--sink", "jsonl")).hasMessage("--out is required with --sink jsonl");
    assertThatThrownBy(() -> parse("--mode", "history")).hasMessage("--out is required with --mode history");
    assertThatThrownBy(() -> parse("--mode", "replay")).hasMessage("--mode must be live, history or feed, got \"replay\"");
    assertThatThrownBy(() -> parse("--start", "monday"))
        .hasMessageContaining("--start must be an ISO-8601 instant").hasMessageContaining("\"monday\"");
    assertThatThrownBy(() -> parse("--duration", "8 hours"))
        .hasMessageContaining("--duration must be a number with a unit").hasMessageContaining("\"8 hours\"");
    assertThatThrownBy(() -> parse("--time-compression", "0")).hasMessage("--time-compression must be > 0, got 0");
    assertThatThrownBy(() -> parse("--days", "0")).hasMessage("--days must be in 1..3660, got 0");
    assertThatThrownBy(() -> parse("--seed", "x")).hasMessage("--seed must be a whole number, got \"x\"");
    assertThatThrownBy(() -> parse("--seed")).hasMessage("--seed needs a value");
    assertThatThrownBy(() -> parse("--colour", "red")).hasMessage("unknown option --colour (see --help)");
  }

  @Test
  void durationsTakeUnits() {
    assertThat(SimulatorOptions.duration("--duration", "90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(SimulatorOptions.duration("--duration", "2d")).isEqualTo(Duration.ofDays(2));
    assertThat(SimulatorOptions.duration("--duration", "45s")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void promotionFilesInJsonAndCsv() {
    Instant start = Instant.parse("2026-01-05T09:00:00Z");
    List<Promotion> json =
        PromotionFile.parseJson(
            "p.json",
            """
            [{"promotionId":"P-A","sku":"PIZZA-PEP","storeId":"S1","promoPriceCents":449,
              "start":"+20m","end":"2026-01-05T17:00:00Z"}]
            """,
            start);
    assertThat(json)
        .containsExactly(
            new Promotion("P-A", "PIZZA-PEP", "S1", 449, start.plus(Duration.ofMinutes(20)), Instant.parse("2026-01-05T17:00:00Z")));
    List<Promotion> csv =
        PromotionFile.parseCsv(
            "p.csv",
            "promotionId,sku,storeId,promoPriceCents,start,end\nP-B,FLOSS,,229,+1h,+9h\n",
            start);
    assertThat(csv.get(0).storeId()).isNull();
    assertThat(csv.get(0).end()).isEqualTo(start.plus(Duration.ofHours(9)));
    assertThatThrownBy(
            () ->
                PromotionFile.parseCsv(
                    "p.csv", "promotionId,sku,storeId,promoPriceCents,start,end\nP-B,FLOSS,,cheap,+1h,+9h\n", start))
        .hasMessage("p.csv line 2: promoPriceCents must be a whole number of cents, got \"cheap\"");
    assertThatThrownBy(() -> PromotionFile.parseJson("p.json", "{}", start))
        .hasMessage("--promotions p.json must be a JSON array of promotions");
  }

  @Test
  void fileModeWritesEventsMarketEventsAndTruthByteIdenticallyForTheSameSeed(@TempDir Path dir)
      throws Exception {
    Path[] firstRun = runFileMode(dir.resolve("a"), "42");
    Path[] secondRun = runFileMode(dir.resolve("b"), "42");
    Path[] otherSeed = runFileMode(dir.resolve("c"), "43");
    for (int i = 0; i < firstRun.length; i++) {
      assertThat(Files.readAllBytes(secondRun[i])).isEqualTo(Files.readAllBytes(firstRun[i]));
    }
    assertThat(Files.readAllBytes(otherSeed[0])).isNotEqualTo(Files.readAllBytes(firstRun[0]));

    assertThat(Files.readAllLines(firstRun[1])).hasSize(4); // two starts, two stops
    JsonNode truth = new ObjectMapper().readTree(firstRun[2].toFile());
    JsonNode high = truth.get("promotions").get(0);
    assertThat(high.get("promotionId").asText()).isEqualTo("P-HIGH");
    assertThat(high.get("cannibalizationRate").asDouble()).isGreaterThan(0.3);
    assertThat(high.get("substitutes")).hasSize(3);
    JsonNode none = truth.get("promotions").get(1);
    assertThat(none.get("promotionId").asText()).isEqualTo("P-NONE");
    assertThat(none.get("cannibalizedUnits").asDouble()).isZero();
    assertThat(Files.readAllLines(firstRun[0])).allSatisfy(l -> assertThat(l).startsWith("{\"schemaVersion\":1"));
  }

  @Test
  void historyModeWritesDaysBeforeTheStartWithPastPromotionsUnlessTurnedOff(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("history.jsonl");
    long n = SimulatorMain.writeHistory(parse("--mode", "history", "--days", "7", "--out", out.toString()));
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize((int) n);
    assertThat(n).isBetween(7 * 12_000L, 7 * 20_000L);
    // Past promotions: several, each a few hours of one product's sales, in every category.
    List<String> promoted = lines.stream().filter(l -> l.contains("\"promotionId\":\"H-")).toList();
    assertThat(promoted.size()).isBetween((int) (n / 100), (int) (n / 5));
    assertThat(promoted.stream().map(l -> l.replaceAll(".*\"category\":\"([^\"]+)\".*", "$1")).distinct().count())
        .isEqualTo(Catalog.defaultCatalog().categories().size());
    assertThat(lines.get(0)).contains("\"eventId\":\"hist-42-0\"", "\"eventTime\":\"2025-12-29T09:");
    assertThat(lines.get(lines.size() - 1)).contains("\"eventTime\":\"2026-01-05T08:");

    Path plain = dir.resolve("plain.jsonl");
    SimulatorMain.writeHistory(
        parse("--mode", "history", "--days", "1", "--history-promotions", "false", "--out", plain.toString()));
    assertThat(Files.readAllLines(plain).stream().filter(l -> l.contains("\"promotionId\":\"")).count()).isZero();
    assertThatThrownBy(() -> parse("--mode", "history", "--history-promotions", "maybe", "--out", plain.toString()))
        .hasMessage("--history-promotions must be true or false, got \"maybe\"");
  }

  @Test
  void feedModeWritesTheCatalogAndTheScheduleWithTheirStatusAtTheStart(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> parse("--mode", "feed")).hasMessage("--out is required with --mode feed (a directory)");
    SimulatorOptions o = parse("--mode", "feed", "--scenario", "demo", "--out", dir.toString());
    List<Promotion> schedule = SimulatorMain.schedule(o);
    assertThat(schedule).hasSize(3);
    List<Path> files = CatalogFeed.write(o.out(), Catalog.defaultCatalog(), schedule, o.start());
    List<String> products = Files.readAllLines(files.get(0));
    assertThat(products).hasSize(21).first().isEqualTo(CatalogFeed.PRODUCTS_HEADER);
    assertThat(products).contains("PIZZA-4CH,Frozen pizza four cheese,FROZEN,FROZEN PIZZA,549,330");
    assertThat(Files.readAllLines(files.get(1)))
        .containsExactly(
            CatalogFeed.PROMOTIONS_HEADER,
            "P-DEMO-PIZZA,PIZZA-4CH,,379,549,2026-01-05T09:30:00Z,2026-01-05T17:30:00Z,SCHEDULED",
            "P-DEMO-CEREAL,CER-HNO,,319,429,2026-01-05T12:00:00Z,2026-01-05T18:00:00Z,SCHEDULED",
            "P-DEMO-FLOSS,FLOSS,,229,329,2026-01-05T10:00:00Z,2026-01-05T16:00:00Z,SCHEDULED");
    Promotion p = schedule.get(0);
    assertThat(CatalogFeed.status(p, p.start())).isEqualTo("ACTIVE");
    assertThat(CatalogFeed.status(p, p.end())).isEqualTo("ENDED");
  }

  private static Path[] runFileMode(Path dir, String seed) throws Exception {
    Path out = dir.resolve("live.jsonl"), truth = dir.resolve("truth.json");
    SimulatorOptions o =
        parse("--sink", "jsonl", "--scenario", "e2e", "--duration", "10h", "--seed", seed,
            "--out", out.toString(), "--truth", truth.toString());
    SimulatorMain.runLive(o, SimulatorMain.schedule(o));
    return new Path[] {out, JsonlSink.marketFile(out), truth};
  }
}
