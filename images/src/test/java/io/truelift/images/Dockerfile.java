package io.truelift.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read into its stages and instructions (continuation lines joined, comments and the
 * syntax directive dropped): enough to check what an image is built from and what it runs.
 */
record Dockerfile(Path path, List<Stage> stages) {
  /** One instruction: its keyword (upper case) and the rest of the line. */
  record Instruction(String keyword, String args) {
    /** The words of a shell-form line, or the elements of an exec-form JSON array. */
    List<String> words() {
      String a = args.strip();
      if (a.startsWith("[")) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(a);
        while (m.find()) {
          out.add(m.group(1));
        }
        return out;
      }
      return Arrays.stream(a.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
  }

  /** A build stage: FROM image [AS name] and its instructions. */
  record Stage(String image, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Instruction last(String keyword) {
      List<Instruction> l = all(keyword);
      return l.isEmpty() ? null : l.get(l.size() - 1);
    }
  }

  static Dockerfile read(Path path) throws IOException {
    List<String> logical = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(path)) {
      String t = line.strip();
      if (current.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
        continue;
      }
      if (t.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (t.endsWith("\\")) {
        current.append(t, 0, t.length() - 1).append(' ');
      } else {
        current.append(t);
        logical.add(current.toString());
        current.setLength(0);
      }
    }
    List<Stage> stages = new ArrayList<>();
    for (String l : logical) {
      String[] kv = l.split("\\s+", 2);
      Instruction i = new Instruction(kv[0].toUpperCase(), kv.length > 1 ? kv[1] : "");
      if (i.keyword().equals("FROM")) {
        List<String> w = i.words();
        String name = w.size() >= 3 && w.get(1).equalsIgnoreCase("AS") ? w.get(2) : null;
        stages.add(new Stage(w.get(0), name, new ArrayList<>()));
      } else {
        if (stages.isEmpty()) {
          throw new IllegalStateException(path + ": " + i.keyword() + " before FROM");
        }
        stages.get(stages.size() - 1).instructions().add(i);
      }
    }
    return new Dockerfile(path, stages);
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " has no stage " + name));
  }

  /** The stage `docker build` without --target produces. */
  Stage last() {
    return stages.get(stages.size() - 1);
  }
}
