package org.minimind.workbench.app.chart;

import io.fair_acc.chartfx.axes.spi.AxisRange;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.dataset.spi.fastutil.DoubleArrayList;
import java.util.Arrays;

/**
 * A numeric axis for counts whose logarithmic scale also labels 2 and 5 times each decade when it
 * spans three decades or fewer (a colour bar from 1 to 300 then reads 1, 2, 5, 10, 20, 50, 100, 200
 * instead of 1, 10, 100).
 */
public final class CountAxis extends DefaultNumericAxis {
  public CountAxis(String name) {
    super(name);
  }

  @Override
  protected void calculateMajorTickValues(AxisRange range, DoubleArrayList ticks) {
    super.calculateMajorTickValues(range, ticks);
    if (!isLogAxis()) {
      return;
    }
    double[] more = betweenDecades(range.getMin(), range.getMax());
    for (double v : more) {
      ticks.add(v);
    }
    if (more.length > 0) {
      double[] all = Arrays.copyOf(ticks.elements(), ticks.size());
      Arrays.sort(all);
      ticks.clear();
      for (double v : all) {
        ticks.add(v);
      }
    }
  }

  /** 2 and 5 times each decade within [min, max], when that spans at most three decades. */
  static double[] betweenDecades(double min, double max) {
    if (!(min > 0) || !(max > min) || max / min > 1e3) {
      return new double[0];
    }
    DoubleArrayList out = new DoubleArrayList();
    for (double decade = Math.pow(10, Math.floor(Math.log10(min))); decade <= max; decade *= 10) {
      for (double m : new double[] {2, 5}) {
        double v = m * decade;
        if (v >= min && v <= max) {
          out.add(v);
        }
      }
    }
    return Arrays.copyOf(out.elements(), out.size());
  }
}
