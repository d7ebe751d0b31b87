package org.minimind.workbench.app.screenshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.app.WorkbenchApp;
import org.minimind.workbench.model.DeviceChoice;

/** {@code --screenshot}: one PNG per view, at the window's size, with something drawn in it. */
class ScreenshotModeTest {

  @Test
  void rendersEveryViewOfAFixtureCheckpoint(@TempDir Path dir) throws Exception {
    List<Path> files =
        ScreenshotMode.run(dir, Fixtures.dir("seed-wide"), List.of(), DeviceChoice.CPU);
    assertTrue(files.size() >= 5, files.toString());
    for (Path f : files) {
      assertTrue(Files.isRegularFile(f), f.toString());
      BufferedImage image = ImageIO.read(f.toFile());
      assertEquals((int) WorkbenchApp.WIDTH, image.getWidth(), f.toString());
      assertTrue(colours(image) > 50, f + " looks empty");
    }
    Path target = Path.of("target", "screenshots", "mode");
    Files.createDirectories(target);
    for (Path f : files) {
      Files.copy(
          f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void aMissingModelIsAnError(@TempDir Path dir) {
    IOException e =
        assertThrows(
            IOException.class, () -> ScreenshotMode.run(dir, null, List.of(), DeviceChoice.CPU));
    assertTrue(e.getMessage().contains("--checkpoint"));
  }

  @Test
  void aBadCheckpointIsOneMessageAndLeavesNoFolder(@TempDir Path dir) throws IOException {
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.copy(Fixtures.dir("seed-tiny").resolve("config.json"), bad.resolve("config.json"));
    Files.writeString(bad.resolve("model.safetensors"), "garbage");
    Path out = dir.resolve("shots");
    IOException e =
        assertThrows(
            IOException.class, () -> ScreenshotMode.run(out, bad, List.of(), DeviceChoice.CPU));
    assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    assertTrue(!Files.exists(out), "an empty " + out + " was left behind");
  }

  private static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
