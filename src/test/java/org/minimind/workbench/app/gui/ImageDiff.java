package org.minimind.workbench.app.gui;

import java.awt.image.BufferedImage;

/**
 * Pixel comparison of two images: a pixel differs when any of its red, green or blue values differs
 * by more than {@code threshold} (0..255), which lets anti-aliasing noise pass while a moved line,
 * a changed label or a recoloured cell does not.
 *
 * @param width width of the compared images (the larger one when the sizes differ)
 * @param height height of the compared images (the larger one when the sizes differ)
 * @param differing pixels that differ by more than the threshold (every pixel when sizes differ)
 * @param maxDelta the largest channel difference seen
 * @param sameSize whether both images had the same size
 * @param diff the actual image faded to grey with the differing pixels in red
 */
record ImageDiff(
    int width, int height, long differing, int maxDelta, boolean sameSize, BufferedImage diff) {

  /** Compares {@code actual} with {@code expected}. */
  static ImageDiff compare(BufferedImage expected, BufferedImage actual, int threshold) {
    int w = Math.max(expected.getWidth(), actual.getWidth());
    int h = Math.max(expected.getHeight(), actual.getHeight());
    boolean sameSize =
        expected.getWidth() == actual.getWidth() && expected.getHeight() == actual.getHeight();
    BufferedImage diff = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    long differing = 0;
    int maxDelta = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean inE = x < expected.getWidth() && y < expected.getHeight();
        boolean inA = x < actual.getWidth() && y < actual.getHeight();
        int a = inA ? actual.getRGB(x, y) : 0xffffff;
        int delta = 255;
        if (inE && inA) {
          int e = expected.getRGB(x, y);
          delta =
              Math.max(
                  channelDelta(e, a, 16), Math.max(channelDelta(e, a, 8), channelDelta(e, a, 0)));
        }
        maxDelta = Math.max(maxDelta, delta);
        if (delta > threshold || !sameSize) {
          differing++;
          diff.setRGB(x, y, 0xff0000);
        } else {
          int grey = 191 + luminance(a) / 4; // faded, so that the red stands out
          diff.setRGB(x, y, grey << 16 | grey << 8 | grey);
        }
      }
    }
    return new ImageDiff(w, h, differing, maxDelta, sameSize, diff);
  }

  private static int channelDelta(int p, int q, int shift) {
    return Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
  }

  private static int luminance(int rgb) {
    return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
  }

  /** Share of the pixels that differ, 0..1. */
  double differingShare() {
    return (double) differing / ((long) width * height);
  }
}
