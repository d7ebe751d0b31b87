package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.WorkbenchLauncher;
import picocli.CommandLine;

/**
 * Each mode says which given options it does not read, the help's synopsis names every mode once,
 * and the window explains where there is no display.
 */
class ModeOptionsTest {

  /** The warnings {@code args} would print, without running the mode. */
  private static String warnings(String... args) {
    WorkbenchCommand command = new WorkbenchCommand();
    CommandLine cli = new CommandLine(command);
    cli.setCaseInsensitiveEnumValuesAllowed(true); // as Main's command line
    cli.parseArgs(args);
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      command.warnAboutIgnoredOptions();
    } finally {
      System.setErr(saved);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anOptionOfAnotherModeIsNamedAsIgnored() {
    String w = warnings("--generate", "--prompt", "x", "--lr", "0.1", "--inputs", "ids");
    assertTrue(
        w.contains(
            "warning: --lr is one of the training options; --generate does not read"
                + " it (ignored)"),
        w);
    assertTrue(w.contains("warning: --inputs is one of the dump options; --generate"), w);
    assertFalse(w.contains("--prompt"), w);
  }

  @Test
  void theOptionsAModeReadsPassQuietly() {
    assertEquals("", warnings("--train", "--out", "r", "--lr", "0.1", "--max-steps", "5"));
    assertEquals("", warnings("--train-tokenizer", "--corpus", "c", "--vocab-size", "512"));
    assertEquals("", warnings("--bench", "tokenizer", "--corpus", "c", "--vocab-size", "512"));
    assertEquals("", warnings("--bench", "train", "--steps", "3", "--preset", "small"));
    assertEquals("", warnings("--dump", "--inputs", "x", "--train-step"));
    assertEquals(
        "",
        warnings(
            "--index-slots",
            "--corpus",
            "c",
            "--top-k",
            "4",
            "--tokens",
            "9",
            "--split",
            "all",
            "--chunk",
            "8",
            "--batch",
            "2"));
    assertTrue(warnings("--generate", "--tokens", "9").contains("--generate does not read"));
    assertTrue(warnings("--bench", "train", "--lr", "0.1").contains("--bench train does not read"));
    assertTrue(warnings("--max-new-tokens", "5").contains("the window does not read"));
    assertEquals("", warnings("--eval", "--corpus", "c", "--ablate", "0:1", "--batches", "2"));
    assertEquals("", warnings("--generate", "--force", "0:1", "--ablate-layer", "1"));
    assertTrue(warnings("--train", "--ablate", "0:1").contains("--train does not read"));
  }

  @Test
  void theSynopsisSaysUsageOnceAndNamesEveryMode() {
    String help = new CommandLine(new WorkbenchCommand()).getUsageMessage();
    String first = help.lines().findFirst().orElseThrow();
    assertEquals("Usage: minimind-workbench [MODE] [OPTIONS]", first);
    for (String mode :
        new String[] {
          "--train",
          "--train-tokenizer",
          "--generate",
          "--eval",
          "--dump",
          "--index-slots",
          "--bench KIND",
          "--screenshot DIR"
        }) {
      String modes =
          help.lines()
              .skip(1)
              .takeWhile(l -> !l.contains("(no mode"))
              .collect(java.util.stream.Collectors.joining(" "));
      assertTrue(modes.contains(mode), mode);
    }
  }

  @Test
  void helpWithAModeShowsThatModesOptionsOnly() {
    java.io.StringWriter out = new java.io.StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new java.io.PrintWriter(out));
    assertEquals(0, cli.execute("--generate", "--help"));
    String page = out.toString();
    assertTrue(page.contains("Generation options:") && page.contains("--max-new-tokens"), page);
    assertTrue(page.contains("Common options:") && page.contains("--checkpoint"), page);
    assertFalse(page.contains("Training options:") || page.contains("--grad-clip"), page);
    assertFalse(page.contains("Dump options:") || page.contains("--train-step"), page);
    assertTrue(
        page.contains("(the options of --generate; --help without a mode lists every" + " option)"),
        page);

    java.io.StringWriter all = new java.io.StringWriter();
    CommandLine whole = Main.commandLine();
    whole.setOut(new java.io.PrintWriter(all));
    assertEquals(0, whole.execute("--help"));
    assertTrue(all.toString().contains("--grad-clip") && all.toString().contains("--inputs"));
  }

  @Test
  void withoutADisplayTheWindowSaysWhatRunsHeadless() {
    assertEquals(
        "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)",
        WorkbenchLauncher.whyNoDisplay("Linux", null, "", null));
    assertNull(WorkbenchLauncher.whyNoDisplay("Linux", ":0", null, null));
    assertNull(WorkbenchLauncher.whyNoDisplay("Linux", null, "wayland-0", null));
    assertNull(WorkbenchLauncher.whyNoDisplay("Linux", null, null, "Monocle"));
    assertNull(WorkbenchLauncher.whyNoDisplay("Mac OS X", null, null, null));
  }
}
