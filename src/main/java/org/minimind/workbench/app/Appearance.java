package org.minimind.workbench.app;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * How the window looks: light or dark, and how large its text is. Both come as stylesheets laid
 * over {@code workbench.css} on the window's root ({@link #stylesheets()}): the dark theme's file,
 * and a small sheet that scales every font size the main sheet sets.
 */
public final class Appearance {
  /** Text sizes offered, as factors of the default. */
  public static final double MIN_SCALE = 0.8;

  public static final double MAX_SCALE = 2.0;
  static final double STEP = 0.1;
  static final String DARK = "/styles/workbench-dark.css";

  /** The main sheet's font sizes (px) by selector, scaled together. */
  private static final String[][] SIZES = {
    {".root", "12"},
    {".heading-label", "15"},
    {".details-label, .token-table .table-cell, .run-table, .chart .axis-label", "11"},
    {".token-flow", "13"},
    {".chart .chart-title", "12"},
    {".chart .axis .axis-tick-label", "10"},
  };

  private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark", false);
  private final DoubleProperty scale = new SimpleDoubleProperty(this, "scale", 1.0);
  private final ObservableList<String> stylesheets = FXCollections.observableArrayList();

  public Appearance() {
    dark.addListener((o, a, b) -> update());
    scale.addListener((o, a, b) -> update());
  }

  /** Whether the dark theme is on. */
  public BooleanProperty darkProperty() {
    return dark;
  }

  /** The text size as a factor of the default, in [{@link #MIN_SCALE}, {@link #MAX_SCALE}]. */
  public DoubleProperty scaleProperty() {
    return scale;
  }

  /** Larger text by one step. */
  public void larger() {
    scale.set(clamp(scale.get() + STEP));
  }

  /** Smaller text by one step. */
  public void smaller() {
    scale.set(clamp(scale.get() - STEP));
  }

  /** The default text size. */
  public void resetSize() {
    scale.set(1.0);
  }

  /** The sheets to lay over the main one, in order; the window's root shows them. */
  public ObservableList<String> stylesheets() {
    return stylesheets;
  }

  private static double clamp(double v) {
    return Math.round(Math.max(MIN_SCALE, Math.min(MAX_SCALE, v)) * 10) / 10.0;
  }

  private void update() {
    List<String> sheets = new ArrayList<>();
    if (dark.get()) {
      URL url = Appearance.class.getResource(DARK);
      if (url == null) {
        throw new IllegalStateException(DARK + " is not on the class path");
      }
      sheets.add(url.toExternalForm());
    }
    double f = clamp(scale.get());
    if (f != 1.0) {
      sheets.add(scaledFonts(f));
    }
    stylesheets.setAll(sheets);
  }

  /** A data-URI stylesheet setting the main sheet's font sizes times {@code factor}. */
  static String scaledFonts(double factor) {
    StringBuilder css = new StringBuilder();
    for (String[] rule : SIZES) {
      double px = Double.parseDouble(rule[1]) * factor;
      css.append(rule[0]).append(String.format(Locale.ROOT, " { -fx-font-size: %.1fpx; }%n", px));
    }
    return "data:text/css;base64,"
        + Base64.getEncoder().encodeToString(css.toString().getBytes(StandardCharsets.UTF_8));
  }
}
