package org.minimind.workbench.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams the documents of one corpus file, one at a time, so that a file of any size is read in
 * constant memory (bar the largest single document).
 *
 * <p>Errors are {@link IOException}s naming the file and the line. Documents are numbered from 0
 * within the file; {@link Corpus} renumbers them across files.
 */
public interface CorpusReader extends Closeable {

  /**
   * Opens a file by the format its name says ({@link CorpusFormat}): {@code .txt} or {@code
   * .jsonl}, either optionally {@code .gz}.
   *
   * @param policy what a JSON Lines reader does with a malformed line (plain text has none)
   */
  static CorpusReader open(Path file, MalformedLinePolicy policy) throws IOException {
    CorpusFormat format =
        CorpusFormat.of(file)
            .orElseThrow(
                () ->
                    new IOException(
                        file + ": not a corpus file (expected .txt, .jsonl or .jsonl.gz)"));
    return format == CorpusFormat.JSONL
        ? new JsonlCorpusReader(file, policy)
        : new TextCorpusReader(file);
  }

  /** The next document, or {@code null} after the last one. */
  Document next() throws IOException;

  /** The file being read. */
  Path file();

  /** Malformed lines skipped so far (always 0 under {@link MalformedLinePolicy#FAIL}). */
  long skippedLines();
}
