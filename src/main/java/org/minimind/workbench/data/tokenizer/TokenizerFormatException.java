package org.minimind.workbench.data.tokenizer;

import java.io.IOException;

/**
 * A {@code tokenizer.json} that cannot be read: malformed JSON, a missing or mistyped key, or a
 * configuration this implementation does not support. The message names the file and the key.
 */
public final class TokenizerFormatException extends IOException {

  private final String source;
  private final String key;

  /**
   * @param source the file (or other source) being read
   * @param key the JSON path of the offending value, such as {@code model.merges[12]}
   * @param problem what is wrong with it
   */
  public TokenizerFormatException(String source, String key, String problem) {
    super(source + ": " + key + ": " + problem);
    this.source = source;
    this.key = key;
  }

  /**
   * @param source the file being read
   * @param key the JSON path of the offending value
   * @param problem what is wrong with it
   * @param cause the underlying error
   */
  public TokenizerFormatException(String source, String key, String problem, Throwable cause) {
    super(source + ": " + key + ": " + problem, cause);
    this.source = source;
    this.key = key;
  }

  /** The file (or other source) being read. */
  public String source() {
    return source;
  }

  /** The JSON path of the offending value. */
  public String key() {
    return key;
  }
}
