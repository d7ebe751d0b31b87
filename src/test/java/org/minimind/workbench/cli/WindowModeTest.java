package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Without a mode the command line opens the window and the process must outlive main. */
class WindowModeTest {

  @Test
  void onlyTheWindowKeepsTheProcessRunning() {
    assertTrue(WorkbenchCommand.keepsRunning(new String[0]));
    assertTrue(
        WorkbenchCommand.keepsRunning(new String[] {"--checkpoint", "x", "--device", "cpu"}));
    assertFalse(WorkbenchCommand.keepsRunning(new String[] {"--screenshot", "out"}));
    assertFalse(WorkbenchCommand.keepsRunning(new String[] {"--dump", "--checkpoint", "x"}));
    assertFalse(WorkbenchCommand.keepsRunning(new String[] {"--bench", "train"}));
    assertFalse(WorkbenchCommand.keepsRunning(new String[] {"--train", "--out", "r"}));
    assertFalse(WorkbenchCommand.keepsRunning(new String[] {"--generate", "--prompt", "x"}));
    assertFalse(WorkbenchCommand.keepsRunning(new String[] {"--help"}));
    assertFalse(WorkbenchCommand.keepsRunning(new String[] {"--no-such-option"}));
  }
}
