package org.minimind.workbench.app;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.MemoryVariant;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.model.ParameterLayout;
import org.minimind.workbench.train.ParameterGroup;

/**
 * How a model's scalars split between its parameter groups: what the status bar and the model view
 * report. In this architecture the shared memory bank usually dominates the count, so its share is
 * shown next to the total.
 *
 * @param total scalars in the model (the tied embedding/output counted once)
 * @param byGroup scalars per parameter group, in the groups' order
 * @param tokenMemory for a token-memory model (which has no bank of parameters), its slots and ids
 *     per slot as {@code "1,024 x 4 ids"}; null for the continuous memory
 */
public record ParameterSummary(long total, Map<ParameterGroup, Long> byGroup, String tokenMemory) {

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
    String tokens =
        config.memoryVariant() == MemoryVariant.TOKEN
            ? String.format(
                java.util.Locale.ROOT,
                "%,d x %d ids",
                config.knowledgeNum(),
                config.tokenMemory().knowledgeLength())
            : null;
    return new ParameterSummary(total, groups, tokens);
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

  /**
   * "118.1K parameters (memory bank 13.9%)"; for a token memory "99.7K parameters (token memory
   * 1,024 x 4 ids)".
   */
  public String describe() {
    if (tokenMemory != null) {
      return compact(total) + " parameters (token memory " + tokenMemory + ")";
    }
    return String.format(
        java.util.Locale.ROOT,
        "%s parameters (memory bank %.1f%%)",
        compact(total),
        100 * memoryBankShare());
  }
}
