package org.minimind.workbench.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread, for long background work (training) that
 * shares the cores with the window: the window's threads then get the CPU when they need it and the
 * work gets the rest, so a training run on every core does not make the window stutter.
 *
 * <p>On Linux the nice value is per thread and a thread inherits it from the thread that creates
 * it, so the compute threads PyTorch starts for the lowered thread (its OpenMP team) are lowered
 * too. The thread's id comes from {@code /proc/thread-self}; {@code renice} sets it (a process may
 * always lower its own threads, never raise them back, so lowered threads must not be returned to a
 * shared pool). Elsewhere only the Java priority is lowered, which Windows honours.
 */
public final class LowPriority {
  private static final Logger LOG = LoggerFactory.getLogger(LowPriority.class);

  /** The nice value a lowered thread gets (0 is the default, 19 the lowest priority). */
  public static final int NICE = 10;

  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  private LowPriority() {}

  /**
   * Lowers the calling thread's priority; never throws.
   *
   * @return whether the operating system's priority of the thread was lowered (false where only the
   *     Java priority could be, or {@code renice} failed, for example when the process already runs
   *     at a lower priority)
   */
  public static boolean lowerCurrentThread() {
    Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
    if (!Files.isSymbolicLink(THREAD_SELF)) {
      return false;
    }
    try {
      String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
      Process renice =
          new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
              .redirectErrorStream(true)
              .start();
      String output = new String(renice.getInputStream().readAllBytes()).trim();
      if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
        LOG.debug("renice of thread {} failed: {}", tid, output);
        return false;
      }
      return true;
    } catch (IOException e) {
      LOG.debug(
          "cannot lower the priority of {}: {}", Thread.currentThread().getName(), e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The nice value of the calling thread, read from {@code /proc/thread-self/stat}, or empty where
   * there is none.
   */
  public static OptionalInt currentNice() {
    return niceOf(THREAD_SELF.resolve("stat"));
  }

  /** The nice value in a Linux {@code stat} file of a thread, or empty if it cannot be read. */
  static OptionalInt niceOf(Path statFile) {
    try {
      String stat = Files.readString(statFile);
      // the fields after the command name (which may hold spaces) in parentheses; nice is field 19
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalInt.of(Integer.parseInt(fields[16]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
