package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed-PyTorch settings file the start-up reads (what install-torch-jni.sh writes). */
class EngineSetupTest {
  @TempDir Path tmp;

  @AfterEach
  void clear() {
    for (String key : EngineSetup.KEYS) {
      System.clearProperty(key);
    }
  }

  private Path settings(String torchLib, String extra) throws IOException {
    Path file = tmp.resolve("torch.properties");
    Files.writeString(
        file,
        "# written by install-torch-jni.sh\nPYTORCH_LIBRARY_PATH="
            + torchLib
            + "\nPYTORCH_VERSION=2.11.0\nPYTORCH_FLAVOR=cu130\n"
            + extra);
    return file;
  }

  @Test
  void theFileBecomesSystemPropertiesThatDjlReads() throws IOException {
    Path lib = Files.createDirectories(tmp.resolve("torch/lib"));
    Path file = settings(lib.toString(), "jna.library.path=/opt/cuda/lib\n");
    assertEquals(Optional.of(file), EngineSetup.applyTorchSettings(file));
    assertEquals(lib.toString(), System.getProperty("PYTORCH_LIBRARY_PATH"));
    assertEquals("2.11.0", System.getProperty("PYTORCH_VERSION"));
    assertEquals("cu130", System.getProperty("PYTORCH_FLAVOR"));
    assertEquals("/opt/cuda/lib", System.getProperty("jna.library.path"));
    assertNull(System.getProperty("DJL_CACHE_DIR"), "only the keys the file holds are set");
  }

  @Test
  void anExplicitSettingWins() throws IOException {
    Path lib = Files.createDirectories(tmp.resolve("torch/lib"));
    System.setProperty("PYTORCH_FLAVOR", "cpu");
    EngineSetup.applyTorchSettings(settings(lib.toString(), ""));
    assertEquals("cpu", System.getProperty("PYTORCH_FLAVOR"));
    assertEquals("2.11.0", System.getProperty("PYTORCH_VERSION"));
  }

  @Test
  void aTorchThatIsGoneIsIgnoredAndNothingIsSet() throws IOException {
    Path file = settings(tmp.resolve("uninstalled/lib").toString(), "");
    assertTrue(EngineSetup.applyTorchSettings(file).isEmpty());
    assertNull(System.getProperty("PYTORCH_LIBRARY_PATH"));
    assertNull(System.getProperty("PYTORCH_VERSION"));
  }

  @Test
  void noFileNoSettings() {
    assertTrue(EngineSetup.applyTorchSettings(tmp.resolve("absent.properties")).isEmpty());
    assertNull(System.getProperty("PYTORCH_LIBRARY_PATH"));
  }
}
