package org.minimind.workbench.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The file formats a corpus may hold, recognised by file name; each may be gzip-compressed ({@code
 * .gz} after the extension).
 */
public enum CorpusFormat {
  /** Plain UTF-8 text; documents are separated by one or more blank lines. */
  TEXT(".txt"),
  /** MiniMind's pretraining format: one JSON object per line, its {@code "text"} the document. */
  JSONL(".jsonl");

  private final String extension;

  CorpusFormat(String extension) {
    this.extension = extension;
  }

  /** The extension before any {@code .gz}, with its dot. */
  public String extension() {
    return extension;
  }

  /** The format of a file by its name, or empty when it is no corpus file. */
  public static Optional<CorpusFormat> of(Path file) {
    String name = baseName(file);
    for (CorpusFormat f : values()) {
      if (name.endsWith(f.extension)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Whether the file is gzip-compressed, by its name. */
  public static boolean isGzip(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  private static String baseName(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return "";
    }
    String s = name.toString().toLowerCase(Locale.ROOT);
    return s.endsWith(".gz") ? s.substring(0, s.length() - 3) : s;
  }
}
