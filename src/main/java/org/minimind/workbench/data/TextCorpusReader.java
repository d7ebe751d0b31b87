package org.minimind.workbench.data;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Reads a plain UTF-8 text file ({@code .txt} or {@code .txt.gz}) in which documents are separated
 * by one or more blank lines (lines of only whitespace).
 *
 * <p>A document's lines are joined with {@code \n} and otherwise kept as they are. A file with no
 * blank line is one document, held in memory whole.
 */
public final class TextCorpusReader extends LineCorpusReader {

  private long produced;
  private boolean ended;

  public TextCorpusReader(Path file) throws IOException {
    this(file, null);
  }

  TextCorpusReader(Path file, MessageDigest digest) throws IOException {
    super(file, digest);
  }

  @Override
  public Document next() throws IOException {
    if (ended) {
      return null;
    }
    StringBuilder doc = null;
    long firstLine = 0;
    String line;
    while ((line = readLine()) != null) {
      if (line.isBlank()) {
        if (doc != null) {
          return new Document(produced++, file(), firstLine, doc.toString());
        }
        continue;
      }
      if (doc == null) {
        doc = new StringBuilder(line);
        firstLine = lineNumber();
      } else {
        doc.append('\n').append(line);
      }
    }
    ended = true;
    return doc == null ? null : new Document(produced++, file(), firstLine, doc.toString());
  }

  @Override
  public long skippedLines() {
    return 0;
  }
}
