package io.truelift.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started by the devstack, with its output in {@code <logDir>/<name>.log}. Stopping it
 * ends its whole process tree, first politely (SIGTERM), then forcibly, so no orphan keeps a port.
 */
public final class ManagedProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -cp classpath mainClass args} with the given extra environment. */
  public static ManagedProcess startJava(
      String name,
      String classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path logDir)
      throws IOException {
    return startJava(name, classpath, jvmArgs, mainClass, args, env, logDir, false);
  }

  /** As above; {@code appendLog} keeps the log of an earlier run (a restart appends to it). */
  public static ManagedProcess startJava(
      String name,
      String classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path logDir,
      boolean appendLog)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                appendLog
                    ? ProcessBuilder.Redirect.appendTo(log.toFile())
                    : ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().putAll(env);
    return new ManagedProcess(name, pb.start(), log);
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for the process to exit on its own (for one-shot jobs); returns its exit code. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IllegalStateException(
          name + " did not finish within " + timeout + "; see " + log);
    }
    return process.exitValue();
  }

  /** The last lines of the log, for error messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Ends the whole process tree with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(name + " (pid " + p.pid() + ") survived SIGKILL", e);
      }
    }
  }

  /** Freezes the process (SIGSTOP): it keeps its sockets open but answers nothing. */
  public void suspend() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a {@link #suspend() suspended} process run on (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (ProcessHandle p : tree) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }
}
