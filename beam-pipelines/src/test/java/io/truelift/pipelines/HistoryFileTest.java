package io.truelift.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.truelift.core.contracts.EventJson;
import io.truelift.pipelines.model.Baseline;
import io.truelift.pipelines.options.CannibalizationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --historyFile is found through Beam's FileSystems, so a gs:// history works as a local one. */
class HistoryFileTest {
  private static CannibalizationOptions options(String historyFile) {
    PipelineOptionsFactory.register(CannibalizationOptions.class);
    // Empty URLs: no registry even when the environment names a database.
    return PipelineOptionsFactory.fromArgs(
            "--historyFile=" + historyFile, "--modelRegistryUrl=", "--jdbcUrl=")
        .as(CannibalizationOptions.class);
  }

  private static Path history(Path dir) throws IOException {
    Path file = dir.resolve("history.jsonl");
    // A day of the fixtures' history is enough for the fallback baseline (and keeps this fast).
    Files.write(
        file,
        Fixtures.history().stream()
            .filter(e -> e.eventTime().isBefore(Fixtures.HISTORY_START.plusSeconds(86_400)))
            .map(EventJson::encode)
            .toList());
    return file;
  }

  @Test
  void aLocalSpecIsReadInPlaceThroughFileSystems(@TempDir Path dir) throws IOException {
    Path file = history(dir);
    assertThat(CannibalizationPipeline.localHistory(options(file.toString()))).isEqualTo(file);
    // A file: URI and a single-file glob are specs FileSystems resolves to the same file.
    assertThat(CannibalizationPipeline.localHistory(options(file.toUri().toString()))).isEqualTo(file);
    assertThat(CannibalizationPipeline.localHistory(options(dir + "/hist*.jsonl"))).isEqualTo(file);

    Baseline b = CannibalizationPipeline.baseline(options(file.toUri().toString()));
    assertThat(b.description()).containsIgnoringCase("fallback");
  }

  @Test
  void aNonLocalFileIsCopiedThroughFileSystemsOpen(@TempDir Path dir) throws IOException {
    // The branch a gs:// history takes, here over the local filesystem's open().
    Path file = history(dir);
    Path copy = CannibalizationPipeline.copyToLocal(FileSystems.matchSingleFileSpec(file.toString()));
    assertThat(copy).isNotEqualTo(file);
    assertThat(Files.readAllLines(copy)).isEqualTo(Files.readAllLines(file));
  }

  @Test
  void aMissingOrAmbiguousSpecIsRefusedNamingTheOptionAndValue(@TempDir Path dir) throws IOException {
    String missing = dir.resolve("nope.jsonl").toString();
    assertThatThrownBy(() -> CannibalizationPipeline.baseline(options(missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--historyFile=" + missing + " does not exist");
    Files.writeString(dir.resolve("a.jsonl"), "");
    Files.writeString(dir.resolve("b.jsonl"), "");
    assertThatThrownBy(() -> CannibalizationPipeline.localHistory(options(dir + "/*.jsonl")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--historyFile=" + dir + "/*.jsonl cannot be read: ")
        .hasMessageContaining("exactly one file");
    assertThatThrownBy(() -> CannibalizationPipeline.localHistory(options("nofs://bucket/history.jsonl")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--historyFile=nofs://bucket/history.jsonl cannot be read: ");
  }
}
