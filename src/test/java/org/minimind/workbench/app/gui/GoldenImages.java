package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.minimind.workbench.app.chart.ChartExport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Screenshots of the views compared with golden images.
 *
 * <p>Every screenshot is written to {@code target/screenshots/NAME.png}. It matches its golden
 * ({@code src/test/resources/screenshots/NAME.png}) when the sizes agree and at most {@link
 * #MAX_DIFFERING_SHARE} of the pixels differ by more than {@link #PIXEL_THRESHOLD} in a colour
 * channel. On a mismatch {@code NAME.actual.png}, {@code NAME.expected.png} and {@code
 * NAME.diff.png} (differing pixels in red) are written beside the screenshot and the test fails.
 *
 * <p>{@code -Dscreenshots.update=true} writes the screenshots as the new goldens instead of
 * comparing (see the README's "UI tests").
 */
final class GoldenImages {
  private static final Logger LOG = LoggerFactory.getLogger(GoldenImages.class);

  /** Where the goldens live (read from the source tree, so that an update lands there). */
  static final Path GOLDEN_DIR = Path.of("src", "test", "resources", "screenshots");

  /** Where screenshots, and on a mismatch the actual, expected and diff images, go. */
  static final Path OUT_DIR = Path.of("target", "screenshots");

  /** A pixel differs when a red, green or blue value differs by more than this (of 255). */
  static final int PIXEL_THRESHOLD = 32;

  /**
   * At most this share of differing pixels passes: 0.02 %, about 250 pixels of the 1400 x 904
   * window. The same build draws the same pixels here (0 differ); one hovered token losing its
   * highlight changes about 750.
   */
  static final double MAX_DIFFERING_SHARE = 0.0002;

  /** System property that turns comparing into refreshing the goldens. */
  static final String UPDATE_PROPERTY = "screenshots.update";

  private GoldenImages() {}

  /** Writes {@code actual} as {@code NAME.png} and compares it with the golden {@code NAME}. */
  static void assertMatches(String name, BufferedImage actual) throws IOException {
    ChartExport.writePng(actual, OUT_DIR.resolve(name + ".png"));
    Path golden = GOLDEN_DIR.resolve(name + ".png");
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      ChartExport.writePng(actual, golden);
      LOG.info("updated golden {}", golden);
      return;
    }
    if (!Files.isRegularFile(golden)) {
      fail(
          "no golden image "
              + golden
              + "; create it with -D"
              + UPDATE_PROPERTY
              + "=true (README, UI tests)");
    }
    BufferedImage expected = ImageIO.read(golden.toFile());
    ImageDiff diff = ImageDiff.compare(expected, actual, PIXEL_THRESHOLD);
    String summary =
        String.format(
            Locale.ROOT,
            "%s: %d of %d pixels (%.4f %%) differ by more than %d, largest difference %d; allowed %.4f %%",
            name,
            diff.differing(),
            (long) diff.width() * diff.height(),
            100 * diff.differingShare(),
            PIXEL_THRESHOLD,
            diff.maxDelta(),
            100 * MAX_DIFFERING_SHARE);
    LOG.info("screenshot {}", summary);
    if (!diff.sameSize() || diff.differingShare() > MAX_DIFFERING_SHARE) {
      ChartExport.writePng(actual, OUT_DIR.resolve(name + ".actual.png"));
      ChartExport.writePng(expected, OUT_DIR.resolve(name + ".expected.png"));
      ChartExport.writePng(diff.diff(), OUT_DIR.resolve(name + ".diff.png"));
      fail(
          "screenshot does not match its golden image: "
              + summary
              + (diff.sameSize()
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      " (size %dx%d, golden %dx%d)",
                      actual.getWidth(),
                      actual.getHeight(),
                      expected.getWidth(),
                      expected.getHeight()))
              + "; see "
              + OUT_DIR.resolve(name + ".diff.png"));
    }
  }
}
