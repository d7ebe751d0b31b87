package org.minimind.workbench.app.chart;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.TaskExecutor;

/**
 * Pictures of charts and views: {@link #snapshot} on the FX thread (the scene graph lives there),
 * {@link #writePng} anywhere (encoding and disk I/O belong on a worker).
 */
public final class ChartExport {
  private ChartExport() {}

  /** Renders {@code node} as it is laid out now, on a white background. FX thread only. */
  public static BufferedImage snapshot(Node node) {
    SnapshotParameters params = new SnapshotParameters();
    params.setFill(Color.WHITE);
    WritableImage image = node.snapshot(params, null);
    return SwingFXUtils.fromFXImage(image, null);
  }

  /** Writes {@code image} as a PNG file, creating its directory. */
  public static Path writePng(BufferedImage image, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException(file + ": no PNG writer available");
    }
    return file;
  }

  /**
   * Snapshots each node now (FX thread) and writes the PNG files on a worker; {@code report}
   * receives "wrote ..." or the error.
   */
  public static void savePngs(
      TaskExecutor executor, Map<Path, Node> nodes, Consumer<String> report) {
    Map<Path, BufferedImage> images = new LinkedHashMap<>();
    for (Map.Entry<Path, Node> e : nodes.entrySet()) {
      images.put(e.getKey(), snapshot(e.getValue()));
    }
    executor.execute(
        "save PNG",
        () -> {
          List<Path> written = new ArrayList<>();
          for (Map.Entry<Path, BufferedImage> e : images.entrySet()) {
            written.add(writePng(e.getValue(), e.getKey()));
          }
          return written;
        },
        written ->
            report.accept(
                written.size() == 1
                    ? "wrote " + written.get(0)
                    : "wrote "
                        + written.size()
                        + " PNG files to "
                        + written.get(0).toAbsolutePath().getParent()),
        error -> report.accept(ErrorMessages.describe("saving PNG failed", error)));
  }
}
