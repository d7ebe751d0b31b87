package org.minimind.workbench.cli;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The {@code %trace} conversion word of {@code logback.xml}: a logged exception's stack trace, but
 * only under {@code --verbose} (the system property {@value #PROPERTY}). Errors reach the terminal
 * as the one line their message makes; the trace is for bug reports.
 */
public final class ConsoleTraces extends ThrowableProxyConverter {
  /** Set to {@code true} by {@code --verbose}. */
  public static final String PROPERTY = "minimind.stacktrace";

  /** Whether stack traces are shown. */
  public static boolean enabled() {
    return Boolean.getBoolean(PROPERTY);
  }

  @Override
  public String convert(ILoggingEvent event) {
    return enabled() ? super.convert(event) : "";
  }
}
