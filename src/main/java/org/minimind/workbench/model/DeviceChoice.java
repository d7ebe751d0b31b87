package org.minimind.workbench.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where to run: the CPU, a CUDA device, or whichever the engine prefers (a GPU when it sees one).
 */
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
      default ->
          throw new IllegalArgumentException(
              "unknown device '" + s + "' (expected cpu, gpu or auto)");
    };
  }

  /** The DJL device; GPU fails with a clear message when the engine sees no CUDA device. */
  public Device resolve() {
    return switch (this) {
      case CPU -> Device.cpu();
      case GPU -> {
        if (Engine.getInstance().getGpuCount() == 0) {
          throw new IllegalStateException(gpuUnavailable() + " Or use --device cpu or auto.");
        }
        yield Device.gpu();
      }
      case AUTO -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    };
  }

  /**
   * Why the engine sees no GPU, and what to do about it: which libtorch it runs, and the two ways
   * to a CUDA one (an installed PyTorch, or the CUDA build).
   */
  public static String gpuUnavailable() {
    String version = Engine.getInstance().getVersion();
    String dir;
    try {
      dir = LibUtils.getLibtorchPath();
    } catch (RuntimeException e) {
      dir = "?";
    }
    boolean cudaBuild =
        Files.exists(Path.of(dir, "libtorch_cuda.so"))
            || Files.exists(Path.of(dir, "torch_cuda.dll"));
    if (cudaBuild) {
      return "No CUDA device is visible to libtorch "
          + version
          + " (a CUDA build, in "
          + dir
          + "): check the driver (nvidia-smi) and CUDA_VISIBLE_DEVICES.";
    }
    return "No CUDA device: the engine runs libtorch "
        + version
        + " for the CPU ("
        + dir
        + ")."
        + " To use a GPU with the PyTorch you have installed, run"
        + " src/main/bash/install-torch-jni.sh once; or build the CUDA flavour"
        + " (mvn -Dcuda package), which downloads the libtorch that matches the machine's CUDA"
        + " on first use.";
  }

  /** Whether the engine sees a CUDA device. */
  public static boolean gpuAvailable() {
    return Engine.getInstance().getGpuCount() > 0;
  }
}
