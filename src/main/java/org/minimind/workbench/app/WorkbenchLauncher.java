package org.minimind.workbench.app;

import java.nio.file.Path;
import javafx.application.Application;
import org.minimind.workbench.model.DeviceChoice;

/**
 * Opens the workbench window from a plain class path (the command line calls {@link #launch};
 * {@code mvn javafx:run} calls {@link #main}). Returns when the window is closed.
 */
public final class WorkbenchLauncher {
  private static volatile Path initialPath;
  private static volatile DeviceChoice device;

  private WorkbenchLauncher() {}

  public static void main(String[] args) {
    launch(args.length > 0 ? Path.of(args[0]) : SampleModels.locate(), null);
  }

  /**
   * Opens the window with {@code initial} loaded (a checkpoint or run directory; null for none)
   * on {@code device} (null for the CPU), and blocks until it is closed.
   */
  public static void launch(Path initial, DeviceChoice choice) {
    initialPath = initial;
    device = choice;
    Application.launch(WorkbenchApp.class);
  }

  static Path initialPath() {
    return initialPath;
  }

  static DeviceChoice device() {
    return device;
  }
}
