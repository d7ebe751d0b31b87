package org.minimind.workbench.data.tokenizer;

/**
 * Timings from {@link TokenizerBenchmark}. MB are 10^6 bytes of UTF-8 text.
 *
 * @param trainBytes bytes of text trained on
 * @param documents number of documents (blank-line separated blocks) trained on and encoded
 * @param trainSeconds wall time of training, from the first text to the finished tokenizer
 * @param encodeBytes bytes of text encoded
 * @param encodeSeconds wall time of encoding every document once with a fresh tokenizer
 * @param tokens number of ids produced by encoding
 * @param tokenizer the trained tokenizer
 */
public record TokenizerBenchmarkResult(
    long trainBytes,
    int documents,
    double trainSeconds,
    long encodeBytes,
    double encodeSeconds,
    long tokens,
    BpeTokenizer tokenizer) {

  /** Training throughput in MB/s. */
  public double trainMBps() {
    return trainBytes / 1e6 / trainSeconds;
  }

  /** Encoding throughput in MB/s. */
  public double encodeMBps() {
    return encodeBytes / 1e6 / encodeSeconds;
  }

  /** Average UTF-8 bytes per token. */
  public double bytesPerToken() {
    return tokens == 0 ? 0 : (double) encodeBytes / tokens;
  }

  @Override
  public String toString() {
    return String.format(
        "train %.1f MB in %.2f s (%.2f MB/s); encode %.1f MB in %.2f s (%.2f MB/s), %d tokens,"
            + " %.2f bytes/token, vocab %d",
        trainBytes / 1e6,
        trainSeconds,
        trainMBps(),
        encodeBytes / 1e6,
        encodeSeconds,
        encodeMBps(),
        tokens,
        bytesPerToken(),
        tokenizer.vocabSize());
  }
}
