package org.minimind.workbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

  @Test
  void oneLineFromTheInnermostMessage() {
    Exception e =
        new ExecutionException(new IllegalStateException("first line\n  at native stack"));
    assertEquals("loading: first line", ErrorMessages.describe("loading", e));
  }

  @Test
  void namesTheMissingFile() {
    assertEquals(
        "/x/y: no such file or directory", ErrorMessages.describe(new NoSuchFileException("/x/y")));
  }

  @Test
  void fallsBackToTheCauseOrTheType() {
    assertEquals(
        "inner", ErrorMessages.describe(new RuntimeException(null, new RuntimeException("inner"))));
    assertEquals("IllegalStateException", ErrorMessages.describe(new IllegalStateException()));
    assertEquals("unknown error", ErrorMessages.describe(null));
  }
}
