package org.minimind.workbench.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** This process's threads as Linux lists them in {@code /proc/self/task}: id, name, nice value. */
public final class ProcessThreads {
  private static final Path TASKS = Path.of("/proc/self/task");

  /** One thread; its name is the first 15 characters of the Java name, as Linux keeps it. */
  public record Task(int id, String name, OptionalInt nice) {}

  private ProcessThreads() {}

  /** Whether this system lists threads with their nice values. */
  public static boolean listed() {
    return Files.isDirectory(TASKS);
  }

  /** The threads alive now (none where they are not {@link #listed}). */
  public static List<Task> now() throws IOException {
    List<Task> out = new ArrayList<>();
    if (!listed()) {
      return out;
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name;
        try {
          name = Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
          continue; // ended while listing
        }
        out.add(
            new Task(
                Integer.parseInt(task.getFileName().toString()),
                name,
                LowPriority.niceOf(task.resolve("stat"))));
      }
    }
    return out;
  }
}
