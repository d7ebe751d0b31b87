package org.minimind.workbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run directory, in this process or another; a killed writer's lock is free. */
class RunLockTest {
  @TempDir Path tmp;

  static RunDirectory newRun(Path dir) throws IOException {
    return RunDirectory.create(dir, Map.of("format", "test"), null);
  }

  @Test
  void aSecondWriterInTheSameProcessIsRefusedUntilTheFirstCloses() throws IOException {
    Path dir = tmp.resolve("run");
    long pid = ProcessHandle.current().pid();
    try (RunDirectory first = newRun(dir)) {
      IOException resume = assertThrows(IOException.class, () -> RunDirectory.openForWriting(dir));
      assertTrue(
          resume.getMessage().contains("another training process is writing this run")
              && resume.getMessage().contains("pid " + pid),
          resume.getMessage());
      IOException create = assertThrows(IOException.class, () -> newRun(dir));
      assertTrue(create.getMessage().contains("pid " + pid), create.getMessage());
      assertTrue(first.root().equals(dir));
    }
    try (RunDirectory again = RunDirectory.openForWriting(dir)) {
      assertTrue(RunLock.holderOf(dir.resolve("run.lock")).startsWith("pid " + pid));
    }
  }

  @Test
  void aSecondSpellingOfTheSameDirectoryIsTheSameRun() throws IOException {
    Path dir = tmp.resolve("run");
    Path link = tmp.resolve("link");
    try (RunDirectory first = newRun(dir)) {
      Files.createSymbolicLink(link, dir);
      Files.createDirectories(tmp.resolve("x"));
      for (Path other : new Path[] {link, tmp.resolve("x/../run")}) {
        IOException e = assertThrows(IOException.class, () -> RunDirectory.openForWriting(other));
        assertTrue(e.getMessage().contains("another training process"), e.getMessage());
      }
    }
    RunDirectory.openForWriting(link).close();
  }

  @Test
  void anotherProcessIsRefusedAndItsLockIsTakenOverOnceItIsKilled() throws Exception {
    Path dir = tmp.resolve("run");
    newRun(dir).close();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());
      IOException refused = assertThrows(IOException.class, () -> RunDirectory.openForWriting(dir));
      assertTrue(
          refused.getMessage().contains("pid " + child.pid() + " on host"), refused.getMessage());
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup; the lock file stays
      child.waitFor();
    }
    String stale = RunLock.holderOf(dir.resolve("run.lock"));
    assertTrue(
        stale.startsWith("pid " + child.pid()), "the killed holder's record stays: " + stale);
    try (RunDirectory taken = RunDirectory.openForWriting(dir)) {
      assertTrue(
          RunLock.holderOf(dir.resolve("run.lock"))
              .startsWith("pid " + ProcessHandle.current().pid()));
    }
  }
}
