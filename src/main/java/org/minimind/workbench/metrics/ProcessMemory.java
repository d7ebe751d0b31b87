package org.minimind.workbench.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process as the kernel reports it (Linux {@code /proc/self/status}). */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Peak resident set size (VmHWM) in GiB, or NaN where the kernel does not tell. */
  public static double peakResidentGiB() {
    return statusKiB("VmHWM:") / (1024.0 * 1024.0);
  }

  /** Current resident set size (VmRSS) in GiB, or NaN where the kernel does not tell. */
  public static double residentGiB() {
    return statusKiB("VmRSS:") / (1024.0 * 1024.0);
  }

  private static double statusKiB(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          return Double.parseDouble(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
