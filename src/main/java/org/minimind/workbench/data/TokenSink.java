package org.minimind.workbench.data;

import java.io.IOException;

/** Where packing appends tokens: a growing array in memory or a token file on disk. */
public interface TokenSink {

  /** Appends {@code length} tokens of {@code tokens} from {@code offset}. */
  void write(int[] tokens, int offset, int length) throws IOException;

  /** Tokens written so far. */
  long size();
}
