package org.minimind.workbench.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Where to run: the CPU, a CUDA device, or whichever the engine prefers (a GPU when it sees one). */
public enum DeviceChoice {
  CPU,
  GPU,
  AUTO;

  /** Parses {@code cpu}, {@code gpu}, {@code cuda} or {@code auto} (case-insensitive). */
  public static DeviceChoice parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "cpu" -> CPU;
      case "gpu", "cuda" -> GPU;
      case "auto" -> AUTO;
      default -> throw new IllegalArgumentException(
          "unknown device '" + s + "' (expected cpu, gpu or auto)");
    };
  }

  /** The DJL device; GPU fails with a clear message when the engine sees no CUDA device. */
  public Device resolve() {
    return switch (this) {
      case CPU -> Device.cpu();
      case GPU -> {
        if (Engine.getInstance().getGpuCount() == 0) {
          throw new IllegalStateException(
              "no CUDA device is visible to the PyTorch engine (is a CUDA build of libtorch"
                  + " installed?); use --device cpu or auto");
        }
        yield Device.gpu();
      }
      case AUTO -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    };
  }

  /** Whether the engine sees a CUDA device. */
  public static boolean gpuAvailable() {
    return Engine.getInstance().getGpuCount() > 0;
  }
}
