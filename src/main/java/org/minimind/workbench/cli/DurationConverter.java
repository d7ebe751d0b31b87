package org.minimind.workbench.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations such as {@code 90}, {@code 90s}, {@code 15m}, {@code 2h} or {@code 1h30m} into
 * seconds.
 */
final class DurationConverter implements ITypeConverter<Double> {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)([hms]?)");

  @Override
  public Double convert(String value) {
    String s = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = PART.matcher(s);
    double seconds = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      seconds +=
          switch (m.group(2)) {
            case "h" -> n * 3600;
            case "m" -> n * 60;
            default -> n;
          };
      end = m.end();
    }
    if (end != s.length() || s.isEmpty()) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (examples: 90, 90s, 15m, 2h, 1h30m)");
    }
    return seconds;
  }
}
