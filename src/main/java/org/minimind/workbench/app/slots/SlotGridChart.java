package org.minimind.workbench.app.slots;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ContourType;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ContourDataSetRenderer;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.renderer.spi.utils.ColorGradient;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.events.ChartBits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Point2D;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.paint.Stop;
import javafx.util.Duration;
import org.minimind.workbench.app.chart.ChartFactory;
import org.minimind.workbench.app.chart.CountAxis;

/**
 * A slot-grid heatmap: chartfx's {@link ContourDataSetRenderer} in {@link ContourType#HEATMAP} mode
 * on a {@link SlotGridModel}'s grid, a colour bar (log or linear), row 0 at the top, and the
 * highlighted slots drawn as red squares on top. It redraws on each update the model announces.
 * Hovering a cell shows the model's description of it as a tooltip; clicking a cell chooses its
 * slot ({@link SlotGridModel#choose}). FX thread.
 */
public final class SlotGridChart {
  /** Unused slots in light grey, then viridis from the first selection up. */
  static final ColorGradient GRADIENT = gradient();

  private final SlotGridModel model;
  private final XYChart chart;
  private final DefaultNumericAxis xAxis;
  private final DefaultNumericAxis yAxis;
  private final DefaultNumericAxis zAxis;
  private final Tooltip tooltip = new Tooltip();

  /**
   * Keeps the grid's cells square: the chart is made no wider than its height allows, measured from
   * its plot area after each layout (the axes, the title and the colour bar take the rest).
   */
  public void keepCellsSquare() {
    javafx.beans.InvalidationListener fit =
        o -> {
          double plotW = chart.getCanvas().getWidth();
          double plotH = chart.getCanvas().getHeight();
          if (plotW <= 0 || plotH <= 0) {
            return;
          }
          double wanted = chart.getWidth() - plotW + plotH; // the width at which plotW == plotH
          if (Math.abs(wanted - chart.getMaxWidth()) > 1) {
            chart.setMaxWidth(wanted);
          }
        };
    chart.getCanvas().widthProperty().addListener(fit);
    chart.getCanvas().heightProperty().addListener(fit);
  }

  private final ErrorDataSetRenderer highlightRenderer = new ErrorDataSetRenderer();

  public SlotGridChart(SlotGridModel model, String title) {
    this.model = model;
    xAxis = ChartFactory.axis("column (second sub-key)", Side.BOTTOM);
    yAxis = ChartFactory.axis("row (first sub-key)", Side.LEFT);
    yAxis.invertAxis(true);
    zAxis = ChartFactory.configure(new CountAxis("selections"), Side.RIGHT);
    zAxis.setDimIndex(DataSet.DIM_Z);
    zAxis.setAutoRanging(false);
    for (DefaultNumericAxis a : List.of(xAxis, yAxis)) {
      a.setAutoRanging(false);
      a.setAutoRangePadding(0);
      ChartFactory.integerTicks(a, true);
    }
    chart = new XYChart(xAxis, yAxis);
    // chartfx's inverted axis maps rows from its own height, cached when its range was last laid
    // out: when the height changed alone, cells and row labels were drawn 23 px low
    // (an invalid range makes the next layout recompute the mapping and the tick positions)
    yAxis
        .heightProperty()
        .addListener(
            (o, a, b) -> {
              yAxis.invalidateRange();
              chart.fireInvalidated(ChartBits.ChartLayout, ChartBits.ChartCanvas);
            });
    chart.setTitle(title);
    chart.setAnimated(false);
    chart.setLegendVisible(false);
    chart.getStyleClass().add("slot-grid-chart");
    ContourDataSetRenderer heat = new ContourDataSetRenderer();
    heat.setContourType(ContourType.HEATMAP);
    heat.setColorGradient(GRADIENT);
    heat.setNumberQuantisationLevels(256);
    heat.setComputeLocalRange(false);
    heat.setSmooth(false);
    heat.getAxes().setAll(xAxis, yAxis, zAxis);
    heat.getDatasets().add(model.grid());
    highlightRenderer.setErrorStyle(ErrorStyle.NONE);
    highlightRenderer.setPolyLineStyle(LineStyle.NONE);
    highlightRenderer.setDrawMarker(true);
    highlightRenderer.getAxes().setAll(xAxis, yAxis);
    // An empty dataset has no range, which chartfx re-examines on every pulse: attach the
    // highlight only while it marks something.
    model.highlightCountProperty().addListener((o, a, b) -> showHighlight(b.intValue() > 0));
    chart.getRenderers().setAll(heat, highlightRenderer);
    chart.getGridRenderer().setDrawOnTop(false);
    Zoomer zoomer = ChartFactory.zoomer();
    zoomer.omitAxisZoomList().add(zAxis);
    chart.getPlugins().add(zoomer);
    ChartFactory.withoutHoverToolBar(chart);
    chart.setPrefSize(560, 500);

    tooltip.setShowDelay(Duration.ZERO);
    tooltip.setHideDelay(Duration.ZERO);
    tooltip.setShowDuration(Duration.INDEFINITE);
    Tooltip.install(chart.getCanvas(), tooltip);
    chart
        .getCanvas()
        .addEventHandler(
            MouseEvent.MOUSE_MOVED,
            e -> {
              Point2D data = toData(e.getSceneX(), e.getSceneY());
              String text = model.hover(data.getX(), data.getY());
              tooltip.setText(text);
              if (text.isEmpty()) {
                tooltip.hide();
              }
            });
    chart
        .getCanvas()
        .addEventHandler(
            MouseEvent.MOUSE_CLICKED,
            e -> {
              if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) {
                Point2D data = toData(e.getSceneX(), e.getSceneY());
                model.choose(data.getX(), data.getY());
              }
            });
    model.updatesProperty().addListener((o, a, b) -> updateRanges());
    chart.widthProperty().addListener((o, a, b) -> styleHighlight());
    chart.heightProperty().addListener((o, a, b) -> styleHighlight());
  }

  private void showHighlight(boolean show) {
    if (show && highlightRenderer.getDatasets().isEmpty()) {
      highlightRenderer.getDatasets().add(model.highlight());
    } else if (!show) {
      highlightRenderer.getDatasets().clear();
    }
    chart.invalidate();
  }

  private static ColorGradient gradient() {
    ColorGradient viridis = ColorGradient.VIRIDIS;
    List<Stop> stops = new ArrayList<>();
    stops.add(new Stop(0, Color.web("#e8e8e8")));
    stops.add(new Stop(0.02, Color.web("#e8e8e8")));
    for (Stop s : viridis.getStops()) {
      stops.add(new Stop(0.03 + 0.97 * s.getOffset(), s.getColor()));
    }
    return new ColorGradient("unused-then-viridis", stops.toArray(new Stop[0]));
  }

  /** Scene coordinates to grid coordinates (x = column, y = row). */
  public Point2D toData(double sceneX, double sceneY) {
    Point2D local = chart.getCanvas().sceneToLocal(sceneX, sceneY);
    return new Point2D(
        xAxis.getValueForDisplay(local.getX()), yAxis.getValueForDisplay(local.getY()));
  }

  /** Grid coordinates to scene coordinates: where to point the mouse at a cell. */
  public Point2D toScene(double column, double row) {
    return chart
        .getCanvas()
        .localToScene(xAxis.getDisplayPosition(column), yAxis.getDisplayPosition(row));
  }

  /** Matches the axes and the colour bar to the model's grid (on each update it announces). */
  public void updateRanges() {
    int side = Math.max(1, model.side());
    xAxis.set(-0.5, side - 0.5);
    yAxis.set(-0.5, side - 0.5);
    zAxis.setLogAxis(model.logScale());
    zAxis.setName(model.logScale() ? "selections (log scale; grey: never)" : "selections");
    zAxis.set(model.zMin(), model.zMax());
    styleHighlight();
    chart.invalidate();
  }

  private void styleHighlight() {
    int side = Math.max(1, model.side());
    double cell = Math.min(chart.getCanvas().getWidth(), chart.getCanvas().getHeight()) / side;
    double half = Math.max(3, cell / 2 - 1); // the marker's half side: a frame around the cell
    model
        .highlight()
        .setStyle(
            String.format(
                Locale.ROOT,
                "-fx-marker-type: rectangle2; -fx-marker-size: %.1f; -fx-marker-color: #ff1744;"
                    + " -fx-marker-line-width: 2.5; -fx-line-width: 0;",
                half));
  }

  public XYChart chart() {
    return chart;
  }

  /** The tooltip that shows the hovered cell. */
  public Tooltip tooltip() {
    return tooltip;
  }
}
