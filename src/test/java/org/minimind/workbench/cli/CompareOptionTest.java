package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --compare RUN} belongs to the window and --screenshot, and names a run directory. */
class CompareOptionTest {
  @TempDir Path tmp;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    var cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    return new Run(cl.execute(args), err.toString());
  }

  @Test
  void aMissingRunIsAUsageErrorAndNothingIsWritten() {
    Path shots = tmp.resolve("shots");
    Run r = run("--screenshot", shots.toString(), "--compare", tmp.resolve("no-such-run").toString());
    assertEquals(2, r.code);
    assertTrue(r.err.contains("--compare " + tmp.resolve("no-such-run") + ": not a run directory"), r.err);
    assertFalse(Files.exists(shots));
  }

  @Test
  void otherModesRefuseIt() {
    Run r = run("--generate", "--prompt", "x", "--compare", tmp.toString());
    assertEquals(2, r.code);
    assertTrue(r.err.contains("--compare goes with the window or --screenshot"), r.err);
  }
}
