package org.minimind.workbench.cli;

import java.io.PrintWriter;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.model.EngineSetup;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code minimind-workbench.jar}. Kept free of JavaFX types so that the jar starts
 * from a plain class path; the window is opened by a separate launcher class.
 *
 * <p>Every failure reaches the terminal as one line, {@code error: ...}, naming what was wrong;
 * stack traces are printed only under {@code --verbose}. That holds for a {@link
 * StackOverflowError} or {@link OutOfMemoryError} too: they are caught here as the last resort, and
 * for an exception no other thread caught.
 */
public final class Main {
  /** Exit code of a failure while running (a usage error exits with 2). */
  static final int FAILED = 1;

  private Main() {}

  public static void main(String[] args) {
    Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
    EngineSetup.configure(); // before the engine loads
    int code = commandLine().execute(args);
    if (code != 0 || !WorkbenchCommand.keepsRunning(args)) {
      System.exit(code);
    }
  }

  /** The configured parser; tests run it without exiting. */
  public static CommandLine commandLine() {
    CommandLine cl =
        new CommandLine(new WorkbenchCommand()) {
          @Override
          public int execute(String... args) {
            return super.execute(RepeatedOptions.lastWins(getCommandSpec(), args));
          }
        };
    return configure(cl);
  }

  /** Installs the error handling described above on {@code cl}. */
  static CommandLine configure(CommandLine cl) {
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> fail(commandLine.getErr(), ex));
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("error: " + ex.getMessage());
          UnmatchedArgumentException.printSuggestions(ex, err);
          err.println("(--help lists the options)");
          err.flush();
          return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
    CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
    cl.setExecutionStrategy(
        parseResult -> {
          if (parseResult.isUsageHelpRequested()
              && parseResult.commandSpec().userObject() instanceof WorkbenchCommand command) {
            CommandLine line = parseResult.commandSpec().commandLine();
            String page = command.helpPage(line.getUsageMessage());
            if (page != null) { // --help with a mode: that mode's page
              line.getOut().print(page);
              line.getOut().flush();
              return 0;
            }
          }
          try {
            return run.execute(parseResult);
          } catch (StackOverflowError | OutOfMemoryError e) {
            // The last resort: whatever input got this far deserves a line, not a JVM trace.
            return fail(parseResult.commandSpec().commandLine().getErr(), e);
          }
        });
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOverwrittenOptionsAllowed(true); // the last value wins, as in most tools
    return cl;
  }

  private static int fail(PrintWriter err, Throwable ex) {
    err.println("error: " + describe(ex));
    if (ConsoleTraces.enabled()) {
      ex.printStackTrace(err);
    }
    err.flush();
    return FAILED;
  }

  /** What a thread's uncaught exception prints: one line, the trace only under --verbose. */
  static void uncaught(Thread thread, Throwable ex) {
    System.err.println("error: " + describe(ex) + " (in thread " + thread.getName() + ")");
    if (ConsoleTraces.enabled()) {
      ex.printStackTrace(System.err);
    }
  }

  static String describe(Throwable ex) {
    return ErrorMessages.describe(ex);
  }
}
