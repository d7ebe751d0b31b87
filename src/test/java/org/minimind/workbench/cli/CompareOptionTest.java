package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --compare RUN} belongs to the window and --screenshot, and names a run directory. */
class CompareOptionTest {
  @TempDir Path tmp;

  @Test
  void aMissingRunIsAUsageErrorAndNothingIsWritten() {
    Path shots = tmp.resolve("shots");
    CliRun r =
        CliRun.of(
            "--screenshot", shots.toString(), "--compare", tmp.resolve("no-such-run").toString());
    assertEquals(2, r.code());
    assertTrue(
        r.err().contains("--compare " + tmp.resolve("no-such-run") + ": not a run directory"),
        r.err());
    assertFalse(Files.exists(shots));
  }

  @Test
  void otherModesRefuseIt() {
    CliRun r = CliRun.of("--generate", "--prompt", "x", "--compare", tmp.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--compare goes with the window or --screenshot"), r.err());
  }
}
