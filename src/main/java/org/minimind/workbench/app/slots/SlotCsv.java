package org.minimind.workbench.app.slots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.TaskExecutor;
import tech.tablesaw.api.Table;

/**
 * How the slot views write CSV: a table built and written in the background, one line of outcome.
 */
public final class SlotCsv {
  private SlotCsv() {}

  /**
   * Builds {@code table} and writes it to {@code file} (its folder created) on a worker, then
   * reports "wrote FILE" or why it failed to {@code report}, on the UI thread.
   *
   * @param name what is exported, for logs and thread names
   */
  public static void export(
      TaskExecutor executor,
      String name,
      Path file,
      Callable<Table> table,
      Consumer<String> report) {
    executor.execute(
        name,
        () -> {
          Table t = table.call();
          Path parent = file.toAbsolutePath().getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
          t.write().csv(file.toFile());
          return file;
        },
        f -> report.accept("wrote " + f),
        e -> report.accept(ErrorMessages.describe("export failed", e)));
  }
}
