package io.truelift.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The runtime classpath of a built module: its classes plus its {@code target/classpath.txt}. */
final class ModuleClasspath {
  private ModuleClasspath() {}

  static String of(Path home, String module) {
    Path target = home.resolve(module).resolve("target");
    Path file = target.resolve("classpath.txt");
    if (!Files.isRegularFile(file) || !Files.isDirectory(target.resolve("classes"))) {
      throw new IllegalStateException(
          "Module %s is not built (no %s); run `./truelift build` first".formatted(module, file));
    }
    try {
      String deps = Files.readString(file).trim();
      String classes = target.resolve("classes").toAbsolutePath().toString();
      return deps.isEmpty() ? classes : classes + java.io.File.pathSeparator + deps;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
