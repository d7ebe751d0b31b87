package org.minimind.workbench.train;

import org.minimind.workbench.model.ModelConfig;

/**
 * Model shapes used across the workbench and its benchmarks. The sequence length is the model's
 * {@code max_seq_len}.
 */
public enum Preset {
  /** The parity fixture's shape: fast enough for tests and a quick look. */
  TINY(new ModelConfig(64, 2, 4, 2, 512, 64, 0.0, 1e-5, 1e6, 1024, 16, 4), 8),
  /** A laptop-sized workbench model. */
  SMALL(new ModelConfig(256, 4, 8, 2, 6400, 256, 0.0, 1e-5, 1e6, 65536, 64, 8), 8),
  /** The seed's own scale: MiniMind 512x8 with a 1M-slot memory bank. */
  SEED(new ModelConfig(512, 8, 8, 2, 6400, 512, 0.0, 1e-5, 1e6, 1024 * 1024, 128, 16), 32);

  private final ModelConfig config;
  private final int batchSize;

  Preset(ModelConfig config, int batchSize) {
    this.config = config;
    this.batchSize = batchSize;
  }

  public ModelConfig config() {
    return config;
  }

  /** The preset's default batch size. */
  public int batchSize() {
    return batchSize;
  }

  /** The preset's shape with another vocabulary size (the tokenizer's). */
  public ModelConfig withVocab(int vocabSize) {
    return config.withVocabSize(vocabSize);
  }
}
