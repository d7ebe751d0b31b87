package org.minimind.workbench.app;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import org.minimind.workbench.model.DeviceChoice;
import org.minimind.workbench.model.EngineSetup;

/**
 * Opens the workbench window from a plain class path (the command line calls {@link #launch};
 * {@code mvn javafx:run} calls {@link #main}). Returns when the window is closed.
 */
public final class WorkbenchLauncher {
  private static volatile Path initialPath;
  private static volatile Path tokenizerPath;
  private static volatile boolean followRun;
  private static volatile DeviceChoice device;
  private static volatile List<Path> comparedRuns = List.of();

  private WorkbenchLauncher() {}

  public static void main(String[] args) {
    EngineSetup.configure(); // before the engine loads
    launch(args.length > 0 ? Path.of(args[0]) : SampleModels.locate(), List.of(), null);
  }

  /**
   * Opens the window with {@code initial} loaded (a checkpoint or run directory; null for none) and
   * the runs {@code compare} on the dashboard beside it, on {@code device} (null for the CPU), and
   * blocks until it is closed.
   */
  public static void launch(Path initial, List<Path> compare, DeviceChoice choice) {
    launch(initial, compare, choice, null);
  }

  /** As {@link #launch(Path, List, DeviceChoice)}, decoding with {@code tokenizer} when given. */
  public static void launch(Path initial, List<Path> compare, DeviceChoice choice, Path tokenizer) {
    launch(initial, compare, choice, tokenizer, false);
  }

  /** As {@link #launch(Path, List, DeviceChoice, Path)}; {@code follow}: follow the run opened. */
  public static void launch(
      Path initial, List<Path> compare, DeviceChoice choice, Path tokenizer, boolean follow) {
    followRun = follow;
    tokenizerPath = tokenizer;
    initialPath = initial;
    comparedRuns = List.copyOf(compare);
    device = choice;
    Application.launch(WorkbenchApp.class);
  }

  /**
   * Why no window can open here, or null when one can: on Linux without {@code DISPLAY} or {@code
   * WAYLAND_DISPLAY} (unless the headless platform was chosen with {@code -Dglass.platform}).
   */
  public static String whyNoDisplay() {
    return whyNoDisplay(
        System.getProperty("os.name", ""),
        System.getenv("DISPLAY"),
        System.getenv("WAYLAND_DISPLAY"),
        System.getProperty("glass.platform"));
  }

  public static String whyNoDisplay(
      String os, String display, String wayland, String glassPlatform) {
    boolean linux = os.toLowerCase(java.util.Locale.ROOT).contains("linux");
    boolean none = (display == null || display.isBlank()) && (wayland == null || wayland.isBlank());
    if (linux && none && glassPlatform == null) {
      return "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)";
    }
    return null;
  }

  static boolean followRun() {
    return followRun;
  }

  static Path tokenizerPath() {
    return tokenizerPath;
  }

  static Path initialPath() {
    return initialPath;
  }

  static List<Path> comparedRuns() {
    return comparedRuns;
  }

  static DeviceChoice device() {
    return device;
  }
}
