package org.minimind.workbench.app.chart;

import java.math.BigDecimal;
import java.util.Locale;
import javafx.util.StringConverter;

/** Numbers as people read them on charts and in tables: 0.001, 5.52, 20k, 1.5M, 2.5e-5. */
public final class Numbers {
  private Numbers() {}

  /**
   * {@code v} with at most {@code digits} significant digits, no trailing zeros, thousands as k,
   * millions as M, billions as G, and magnitudes below 0.001 as {@code 2.5e-5}; "-" for NaN.
   */
  public static String readable(double v, int digits) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e9) {
      return plain(v / 1e9, digits) + "G";
    }
    if (a >= 1e6) {
      return plain(v / 1e6, digits) + "M";
    }
    if (a >= 1e4) {
      return plain(v / 1e3, digits) + "k";
    }
    if (a < 1e-3) {
      String s = String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "e", v);
      int e = s.indexOf('e');
      String mantissa = strip(s.substring(0, e));
      int exponent = Integer.parseInt(s.substring(e + 1));
      return mantissa + "e" + exponent;
    }
    return plain(v, digits);
  }

  /** {@link #readable(double, int)} with four significant digits. */
  public static String readable(double v) {
    return readable(v, 4);
  }

  /** Tick labels in {@link #readable(double, int)} form (no Java E-notation). */
  public static StringConverter<Number> ticks() {
    return new StringConverter<>() {
      @Override
      public String toString(Number n) {
        if (n == null) {
          return "";
        }
        // a tick at 0 computed as 1e-18: axes never need to tell such values from 0
        double v = Math.abs(n.doubleValue()) < 1e-12 ? 0 : n.doubleValue();
        return readable(v, 6);
      }

      @Override
      public Number fromString(String s) {
        throw new UnsupportedOperationException("tick labels are not parsed");
      }
    };
  }

  private static String plain(double v, int digits) {
    BigDecimal d = new BigDecimal(v).round(new java.math.MathContext(digits));
    return strip(d.toPlainString());
  }

  private static String strip(String s) {
    if (!s.contains(".")) {
      return s;
    }
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
