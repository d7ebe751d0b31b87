package org.minimind.workbench.data;

/**
 * What a JSON Lines reader does with a line that is not a JSON object with a string {@code "text"}.
 */
public enum MalformedLinePolicy {
  /**
   * Stop with an {@link java.io.IOException} naming the file and the line (the default): a broken
   * line usually means a broken file, and training on part of it silently would be worse.
   */
  FAIL,
  /**
   * Skip the line, log a warning naming file and line (the first few; then a count), and count it
   * in {@link CorpusFingerprint#skippedLines()}: for large crawled corpora with a few bad lines.
   */
  SKIP
}
