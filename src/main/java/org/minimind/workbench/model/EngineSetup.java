package org.minimind.workbench.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the process for DJL's PyTorch engine, before the engine loads. Called once at start-up
 * by the command line and the window.
 *
 * <ol>
 *   <li><b>An installed PyTorch.</b> {@code src/main/bash/install-torch-jni.sh} compiles DJL's JNI
 *       for the {@code torch} that {@code python3} imports and records where it put things in
 *       {@code ~/.minimind/torch.properties} (or the file {@code MINIMIND_TORCH_CONFIG} names). Its
 *       settings ({@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_VERSION}, {@code PYTORCH_FLAVOR},
 *       {@code DJL_CACHE_DIR}, {@code jna.library.path}, and for a CUDA torch {@code
 *       minimind.cudaGraphLibrary}, see {@link CudaGraph}) become system properties, which DJL
 *       reads as it reads the environment; a setting already given in the environment or on the
 *       command line wins.
 *   <li><b>The host allocator.</b> libtorch allocates CPU tensors with {@code malloc}; glibc gives
 *       large blocks back to the kernel when they are freed and asks for them again at the next
 *       step, paying a page fault for every 4 KiB touched. Telling glibc to keep freed memory
 *       ({@code mallopt}: no {@code mmap} for large blocks, no trimming, 64 MiB of padding) makes
 *       CPU training about 1.8x faster on the 2-core machines this project is measured on, for a
 *       resident size that stays at its peak. {@code -Dminimind.malloc=default} leaves glibc as it
 *       is.
 *   <li><b>The CUDA allocator.</b> {@code PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True} unless
 *       the environment sets it ({@link #expandableCudaSegments}); {@code
 *       -Dminimind.cudaAlloc=default} leaves PyTorch's default.
 * </ol>
 */
public final class EngineSetup {
  private static final Logger LOG = LoggerFactory.getLogger(EngineSetup.class);

  /** Environment variable naming the installed-PyTorch settings file. */
  public static final String CONFIG_ENV = "MINIMIND_TORCH_CONFIG";

  /** The settings an installed-PyTorch file may hold, in the order they are applied. */
  static final List<String> KEYS =
      List.of(
          "PYTORCH_LIBRARY_PATH",
          "PYTORCH_VERSION",
          "PYTORCH_FLAVOR",
          "DJL_CACHE_DIR",
          "jna.library.path",
          CudaGraph.LIBRARY);

  private static boolean done;
  private static Optional<Path> applied = Optional.empty();

  private EngineSetup() {}

  /**
   * Applies the installed-PyTorch settings (when a settings file exists) and the allocator
   * settings, once per process; later calls return the first call's result.
   *
   * @return the settings file that was applied, if any
   */
  public static synchronized Optional<Path> configure() {
    if (!done) {
      done = true;
      applied = applyTorchSettings(settingsFile());
      if (!"default".equals(System.getProperty("minimind.malloc"))) {
        keepFreedHostMemory();
      }
      if (!"default".equals(System.getProperty("minimind.cudaAlloc"))) {
        expandableCudaSegments();
      }
    }
    return applied;
  }

  /**
   * The settings file the installed-PyTorch route writes: {@code MINIMIND_TORCH_CONFIG} or the
   * default.
   */
  public static Path settingsFile() {
    String env = System.getenv(CONFIG_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".minimind", "torch.properties");
  }

  /** Sets each key of {@code file} that neither the environment nor a system property sets. */
  static Optional<Path> applyTorchSettings(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("cannot read {}: {}; the bundled libtorch is used", file, e.getMessage());
      return Optional.empty();
    }
    String lib = p.getProperty("PYTORCH_LIBRARY_PATH");
    if (lib == null || !Files.isDirectory(Path.of(lib))) {
      LOG.warn(
          "{}: PYTORCH_LIBRARY_PATH ({}) is not a directory; the bundled libtorch is used"
              + " (run install-torch-jni.sh again after reinstalling torch)",
          file,
          lib);
      return Optional.empty();
    }
    List<String> set = new ArrayList<>();
    for (String key : KEYS) {
      String value = p.getProperty(key);
      if (value == null || value.isBlank()) {
        continue;
      }
      if (System.getenv(key) != null || System.getProperty(key) != null) {
        continue; // an explicit setting wins
      }
      System.setProperty(key, value);
      set.add(key + "=" + value);
    }
    LOG.info("PyTorch from {}: {}", file, String.join(", ", set));
    return Optional.of(file);
  }

  /** glibc's {@code mallopt} and {@code setenv}. */
  private interface CLibrary extends Library {
    int mallopt(int param, int value);

    int setenv(String name, String value, int overwrite);
  }

  /** The CUDA caching allocator's settings variable, read by libtorch when it first allocates. */
  static final String CUDA_ALLOC_CONF = "PYTORCH_CUDA_ALLOC_CONF";

  /**
   * Lets PyTorch's CUDA caching allocator grow its segments instead of reserving a new one for
   * every size it meets ({@code expandable_segments:True}): the memory a training step holds is
   * then close to what it allocates, instead of 1 to 2 GiB more at the seed's scale. Set in this
   * process's environment before libtorch reads it; a value the user set is kept.
   */
  static boolean expandableCudaSegments() {
    if (!Platform.isLinux() || System.getenv(CUDA_ALLOC_CONF) != null) {
      return false;
    }
    try {
      return Native.load("c", CLibrary.class).setenv(CUDA_ALLOC_CONF, "expandable_segments:True", 0)
          == 0;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.debug("setenv is not available ({})", e.toString());
      return false;
    }
  }

  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_TOP_PAD = -2;
  private static final int M_MMAP_MAX = -4;

  /** Keeps freed native memory in the process for reuse (glibc only; elsewhere nothing). */
  static boolean keepFreedHostMemory() {
    if (!Platform.isLinux()) {
      return false;
    }
    try {
      CLibrary c = Native.load("c", CLibrary.class);
      boolean ok = c.mallopt(M_MMAP_MAX, 0) == 1;
      ok &= c.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1;
      ok &= c.mallopt(M_TOP_PAD, 64 << 20) == 1;
      return ok;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.debug("mallopt is not available ({}); the allocator is left as it is", e.toString());
      return false;
    }
  }
}
