package org.minimind.workbench.app.dashboard;

import org.minimind.workbench.app.run.RunHistory;

/**
 * One line on a dashboard chart: a metric column of a run.
 *
 * @param key identifies the line across refreshes (run, column)
 * @param run the run it comes from
 * @param column the {@code metrics.csv} column
 * @param label the legend entry
 * @param layer the layer a per-layer line belongs to, or -1
 * @param style chartfx dataset style (colour, dashes, width)
 * @param rightAxis drawn against the chart's second (right) y axis
 */
public record SeriesSpec(
    String key,
    RunHistory run,
    String column,
    String label,
    int layer,
    String style,
    boolean rightAxis) {

  /** Line colours (MATLAB's palette: distinct, print-friendly). */
  static final String[] COLOURS = {
    "#0072bd", "#d95319", "#edb120", "#7e2f8e", "#77ac30", "#4dbeee", "#a2142f", "#333333"
  };

  /** Dash patterns of a run's lines when runs are compared (the colour then names the run). */
  static final String[] LINE_DASHES = {"", "8 4", "2 3", "12 3 2 3", "6 2 2 2", "1 3"};

  static final double WIDTH = 1.5;
  static final double THIN = 0.75;

  /**
   * How the lines of a chart are told apart. A single run: the colour names the metric or layer
   * ({@code line}). Runs compared: the colour names the run, the dash pattern the metric or layer,
   * and every legend entry starts with the run's name.
   */
  record Look(int runIndex, boolean comparing) {
    SeriesSpec line(
        RunHistory run,
        String column,
        String label,
        int layer,
        int line,
        boolean thin,
        boolean rightAxis) {
      String colour = COLOURS[(comparing ? runIndex : line) % COLOURS.length];
      String dashes = comparing ? LINE_DASHES[line % LINE_DASHES.length] : "";
      String style =
          "-fx-line-color: "
              + colour
              + ";"
              + (dashes.isEmpty() ? "" : " -fx-line-dash-array: " + dashes + ";")
              + " -fx-line-width: "
              + (thin ? THIN : WIDTH)
              + ";";
      String name = comparing ? run.name() + ": " + label : label;
      return new SeriesSpec(
          System.identityHashCode(run) + "/" + column, run, column, name, layer, style, rightAxis);
    }
  }

  /** The colour of compared run {@code runIndex}. */
  static String runColour(int runIndex) {
    return COLOURS[runIndex % COLOURS.length];
  }
}
