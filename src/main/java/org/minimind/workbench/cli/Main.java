package org.minimind.workbench.cli;

import org.minimind.workbench.model.EngineSetup;
import picocli.CommandLine;

/**
 * Entry point of {@code minimind-workbench.jar}. Kept free of JavaFX types so that the jar starts
 * from a plain class path; the window is opened by a separate launcher class.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    EngineSetup.configure(); // before the engine loads
    int code = commandLine().execute(args);
    if (code != 0 || !WorkbenchCommand.keepsRunning(args)) {
      System.exit(code);
    }
  }

  /** The configured parser; tests run it without exiting. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new WorkbenchCommand());
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + describe(ex));
          if (Boolean.getBoolean("minimind.stacktrace")) {
            ex.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOverwrittenOptionsAllowed(true); // the last value wins, as in most tools
    return cl;
  }

  static String describe(Throwable ex) {
    String msg = ex.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = ex.getClass().getSimpleName();
    }
    return msg;
  }
}
