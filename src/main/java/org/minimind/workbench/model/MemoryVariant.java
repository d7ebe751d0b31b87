package org.minimind.workbench.model;

import java.util.Locale;

/**
 * What the memory bank stores.
 *
 * <ul>
 *   <li>{@code continuous}: the seed's experiment 1.4.4, a trainable float matrix {@code
 *       memory_bank} [N, knowledge_dim].
 *   <li>{@code token}: experiment 1.4.6 as its commit message describes it: each slot holds {@code
 *       knowledge_length} token ids, read through the token embedding and a learned projection,
 *       written by an EMA of what the slot was used for and compressed back to token ids (see
 *       {@link TokenMemory}).
 * </ul>
 */
public enum MemoryVariant {
  CONTINUOUS,
  TOKEN;

  /** The name used in config.json and on the command line. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MemoryVariant parse(String s) {
    for (MemoryVariant v : values()) {
      if (v.key().equalsIgnoreCase(s.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "memory_variant '" + s + "' is not one of continuous, token");
  }
}
