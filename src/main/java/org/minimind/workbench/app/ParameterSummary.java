package org.minimind.workbench.app;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.model.ParameterLayout;
import org.minimind.workbench.train.ParameterGroup;

/**
 * How a model's scalars split between its parameter groups: what the status bar and the model
 * view report. In this architecture the shared memory bank usually dominates the count, so its
 * share is shown next to the total.
 *
 * @param total scalars in the model (the tied embedding/output counted once)
 * @param byGroup scalars per parameter group, in the groups' order
 */
public record ParameterSummary(long total, Map<ParameterGroup, Long> byGroup) {

  public ParameterSummary {
    byGroup = Collections.unmodifiableMap(new EnumMap<>(byGroup));
  }

  /** Counts the parameters a configuration implies. */
  public static ParameterSummary of(ModelConfig config) {
    ParameterLayout layout = MemoryLM.layout(config);
    Map<ParameterGroup, Long> groups = new EnumMap<>(ParameterGroup.class);
    for (ParameterGroup g : ParameterGroup.values()) {
      groups.put(g, 0L);
    }
    long total = 0;
    for (ParameterLayout.Entry e : layout.entries().values()) {
      long n = e.shape().size();
      total += n;
      groups.merge(ParameterGroup.of(e.name()), n, Long::sum);
    }
    return new ParameterSummary(total, groups);
  }

  /** Scalars in the shared memory bank. */
  public long memoryBank() {
    return byGroup.getOrDefault(ParameterGroup.MEMORY_BANK, 0L);
  }

  /** The memory bank's share of all parameters, in [0, 1]. */
  public double memoryBankShare() {
    return total == 0 ? 0 : (double) memoryBank() / total;
  }

  /** "1.23M", "45.6K", "789": a count in the form the status bar uses. */
  public static String compact(long n) {
    if (n >= 1_000_000_000L) {
      return String.format(java.util.Locale.ROOT, "%.2fB", n / 1e9);
    }
    if (n >= 1_000_000L) {
      return String.format(java.util.Locale.ROOT, "%.2fM", n / 1e6);
    }
    if (n >= 10_000L) {
      return String.format(java.util.Locale.ROOT, "%.1fK", n / 1e3);
    }
    return Long.toString(n);
  }

  /** "118.1K parameters (memory bank 13.9%)". */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%s parameters (memory bank %.1f%%)",
        compact(total),
        100 * memoryBankShare());
  }
}
