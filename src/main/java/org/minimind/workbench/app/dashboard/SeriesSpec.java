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
 * @param style chartfx dataset style (colour, dashes)
 */
public record SeriesSpec(
    String key, RunHistory run, String column, String label, int layer, String style) {

  /** Line colours by series index (MATLAB's palette: distinct, print-friendly). */
  static final String[] COLOURS = {
    "#0072bd", "#d95319", "#edb120", "#7e2f8e", "#77ac30", "#4dbeee", "#a2142f", "#333333"
  };

  /** Dash patterns by run: the shown run solid, compared runs dashed or dotted. */
  static final String[] RUN_DASHES = {"", "8 4", "2 3", "12 3 2 3"};

  static SeriesSpec of(
      RunHistory run, int runIndex, String column, String label, int layer, int colour,
      boolean dashed) {
    String prefix = runIndex == 0 ? "" : run.name() + ": ";
    String dashes = dashed ? "3 3" : RUN_DASHES[runIndex % RUN_DASHES.length];
    String style =
        "-fx-line-color: " + COLOURS[colour % COLOURS.length] + ";"
            + (dashes.isEmpty() ? "" : " -fx-line-dash-array: " + dashes + ";")
            + " -fx-line-width: 1.5;";
    return new SeriesSpec(
        System.identityHashCode(run) + "/" + column, run, column, prefix + label, layer, style);
  }
}
