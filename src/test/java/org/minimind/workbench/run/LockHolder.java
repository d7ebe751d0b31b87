package org.minimind.workbench.run;

import java.nio.file.Path;

/**
 * A second process for {@link RunLockTest}: opens the run directory given as its argument for
 * writing, prints "locked", and holds the lock until it is killed or its input ends.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (RunDirectory run = RunDirectory.openForWriting(Path.of(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until killed
      }
    }
  }
}
