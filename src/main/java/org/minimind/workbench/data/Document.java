package org.minimind.workbench.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One document of a corpus: the unit that is split between training and validation and that packing
 * wraps in {@code <s> ... </s>}.
 *
 * <p>The file and line say where it came from, for error messages and for looking a document up by
 * hand.
 *
 * @param index position among the corpus' documents, from 0, in reading order
 * @param file the file it was read from, or {@code null} for an in-memory source
 * @param line line of {@code file} on which it starts, from 1 (0 for an in-memory source)
 * @param text the text, never empty or blank
 */
public record Document(long index, Path file, long line, String text) {

  public Document {
    if (index < 0) {
      throw new IllegalArgumentException("document index (" + index + ") must be >= 0");
    }
    if (line < 0) {
      throw new IllegalArgumentException("document line (" + line + ") must be >= 0");
    }
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("document " + index + " has blank text");
    }
  }

  /** The same document at another position: readers number per file, a corpus renumbers. */
  public Document withIndex(long newIndex) {
    return new Document(newIndex, file, line, text);
  }

  /** {@code file:line}, or {@code document N} for an in-memory document. */
  public String where() {
    return file == null ? "document " + index : file + ":" + line;
  }
}
