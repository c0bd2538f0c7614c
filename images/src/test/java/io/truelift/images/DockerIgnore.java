package io.truelift.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The repository's .dockerignore: which context paths never reach a build. */
final class DockerIgnore {
  private final List<Pattern> excluded = new ArrayList<>();

  DockerIgnore(Path file) throws IOException {
    for (String line : Files.readAllLines(file)) {
      String p = line.strip();
      if (p.isEmpty() || p.startsWith("#")) {
        continue;
      }
      if (p.startsWith("!")) {
        throw new IllegalStateException("exceptions (!) are not used here: " + p);
      }
      excluded.add(Pattern.compile(toRegex(p.endsWith("/") ? p.substring(0, p.length() - 1) : p) + "(/.*)?"));
    }
  }

  /** Docker's matching, for the patterns used here: ** any directories, * within one name. */
  static String toRegex(String glob) {
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (glob.startsWith("**/", i)) {
        r.append("(.*/)?");
        i += 2;
      } else if (c == '*') {
        r.append("[^/]*");
      } else if (c == '?') {
        r.append("[^/]");
      } else {
        r.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return r.toString();
  }

  /** Whether a path relative to the context root is left out of the build context. */
  boolean excludes(String relative) {
    String p = relative.replaceAll("/+$", "");
    return excluded.stream().anyMatch(x -> x.matcher(p).matches());
  }
}
