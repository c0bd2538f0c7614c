package io.truelift.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 that a fault test puts between a process and a server, to make the
 * server unreachable without touching it: {@link #refuse()} resets every connection and every new
 * one (the server is down), {@link #blackhole()} swallows all bytes both ways (a partition: the
 * client waits for its own timeouts), {@link #heal()} forwards again. Connections that lived through
 * a fault are closed on healing, since bytes may have been dropped inside them.
 */
public final class FaultProxy implements AutoCloseable {
  /** What the proxy does with traffic. */
  public enum Mode {
    FORWARD,
    BLACKHOLE,
    REFUSE
  }

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.FORWARD;
  private volatile boolean closed;

  private FaultProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** Listens on a free port of 127.0.0.1 and forwards to {@code host:port}. */
  public static FaultProxy start(String host, int port) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    FaultProxy proxy = new FaultProxy(server, new InetSocketAddress(host, port));
    Thread accept = new Thread(proxy::acceptLoop, "fault-proxy-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  public Mode mode() {
    return mode;
  }

  /** Resets every open connection and every new one until {@link #heal()}. */
  public void refuse() {
    mode = Mode.REFUSE;
    for (Connection c : List.copyOf(connections)) {
      reset(c.client);
      c.close();
    }
  }

  /** Closes with SO_LINGER 0, so the peer gets a TCP reset rather than an orderly end. */
  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(s);
  }

  /** Keeps connections open but delivers nothing either way until {@link #heal()}. */
  public void blackhole() {
    mode = Mode.BLACKHOLE;
    connections.forEach(c -> c.faulted = true);
  }

  /** Forwards again; connections that saw the fault are closed so clients reconnect cleanly. */
  public void heal() {
    mode = Mode.FORWARD;
    for (Connection c : List.copyOf(connections)) {
      if (c.faulted) {
        c.close();
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (mode == Mode.REFUSE) {
        reset(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 3000);
        Connection c = new Connection(client, upstream);
        c.faulted = mode != Mode.FORWARD;
        connections.add(c);
        c.start();
      } catch (IOException e) {
        closeQuietly(client); // the server itself is down: the client sees a reset
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    connections.forEach(Connection::close);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  /** One proxied connection: a pump thread each way. */
  private final class Connection {
    final Socket client;
    final Socket upstream;
    volatile boolean faulted;

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() {
      pump(client, upstream, "up");
      pump(upstream, client, "down");
    }

    private void pump(Socket from, Socket to, String direction) {
      Thread t =
          new Thread(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream()) {
                  OutputStream out = to.getOutputStream();
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    if (mode == Mode.FORWARD && !faulted) {
                      out.write(buffer, 0, n);
                      out.flush();
                    }
                  }
                } catch (SocketException e) {
                  // closed by the other pump, by a fault or by the peer
                } catch (IOException e) {
                  // same
                } finally {
                  close();
                }
              },
              "fault-proxy-" + port() + "-" + direction);
      t.setDaemon(true);
      t.start();
    }

    void close() {
      connections.remove(this);
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }
}
