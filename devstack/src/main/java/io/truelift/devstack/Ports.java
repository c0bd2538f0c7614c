package io.truelift.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Supplier;

/** Port checks: fail fast when a port is taken, and wait for a server to listen. */
final class Ports {
  private Ports() {}

  static boolean isListening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void requireFree(String what, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Port %d for %s is already in use; stop what uses it (is another `./truelift run` still up?) or shift every port with --port-offset N"
              .formatted(port, what));
    }
  }

  static void awaitListening(String what, int port, Duration timeout, Supplier<String> diagnostics)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (isListening(port)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "%s did not listen on port %d within %s:%n%s".formatted(what, port, timeout, diagnostics.get()));
  }
}
