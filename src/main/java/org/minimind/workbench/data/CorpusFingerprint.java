package org.minimind.workbench.data;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What identifies a corpus: the SHA-256 of its files' bytes and how many documents they hold.
 *
 * <p>The hash runs over the files in the corpus' stable order (by relative path), each as its
 * length in 8 big-endian bytes followed by its raw bytes (compressed bytes for {@code .gz} files).
 * File names are not hashed, so a copied or renamed corpus folder keeps its fingerprint; the length
 * prefixes keep file boundaries from shifting unnoticed. Recorded next to a checkpoint, it says
 * exactly which data a model saw.
 *
 * @param sha256 lowercase hex SHA-256, 64 characters
 * @param files number of corpus files
 * @param bytes their total size on disk
 * @param documents documents read (blank ones and malformed lines not counted)
 * @param skippedLines malformed lines skipped under {@link MalformedLinePolicy#SKIP}
 */
public record CorpusFingerprint(
    String sha256, int files, long bytes, long documents, long skippedLines) {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public CorpusFingerprint {
    Objects.requireNonNull(sha256, "sha256");
    if (!HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 (" + sha256 + ") must be 64 lowercase hex digits");
    }
    if (files < 0) {
      throw new IllegalArgumentException("files (" + files + ") must be >= 0");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes (" + bytes + ") must be >= 0");
    }
    if (documents < 0) {
      throw new IllegalArgumentException("documents (" + documents + ") must be >= 0");
    }
    if (skippedLines < 0) {
      throw new IllegalArgumentException("skippedLines (" + skippedLines + ") must be >= 0");
    }
  }

  /** A short label for logs and run names: the first 12 hex digits and the document count. */
  public String shortId() {
    return sha256.substring(0, 12) + "/" + documents;
  }
}
