package org.minimind.workbench.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * The shared part of the line-based readers: opens a (possibly gzip-compressed) file, decodes
 * strict UTF-8 (an invalid byte is an error naming file and line, not a silent U+FFFD), drops a
 * leading byte-order mark and counts lines.
 *
 * <p>When given a digest, every raw byte of the file passes through it, so a corpus computes its
 * fingerprint in the same pass that reads the documents.
 */
abstract class LineCorpusReader implements CorpusReader {

  private static final int BUFFER = 1 << 16;

  private final Path file;
  private final InputStream raw;
  private final BufferedReader in;
  private long lineNumber;

  LineCorpusReader(Path file, MessageDigest digest) throws IOException {
    this.file = file;
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file
              + (Files.exists(file)
                  ? ": not a regular file (a pipe, device or socket is not read as a corpus)"
                  : ": no such corpus file"));
    }
    InputStream base = Files.newInputStream(file);
    this.raw = digest == null ? base : new DigestInputStream(base, digest);
    InputStream decoded;
    try {
      decoded = CorpusFormat.isGzip(file) ? new GZIPInputStream(raw, BUFFER) : raw;
    } catch (IOException e) {
      raw.close();
      throw new IOException(
          file
              + ": not a gzip file ("
              + (e instanceof java.io.EOFException
                  ? "it ends before the gzip header"
                  : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
              + ")",
          e);
    }
    this.in =
        new BufferedReader(
            new InputStreamReader(
                decoded,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
            BUFFER);
  }

  @Override
  public final Path file() {
    return file;
  }

  /** Number of the line last returned by {@link #readLine()}, from 1. */
  final long lineNumber() {
    return lineNumber;
  }

  /** The next line without its terminator, or {@code null} at the end of the file. */
  final String readLine() throws IOException {
    String line;
    try {
      line = in.readLine();
    } catch (CharacterCodingException e) {
      throw new IOException(file + ":" + (lineNumber + 1) + ": invalid UTF-8", e);
    } catch (IOException e) {
      throw new IOException(file + ":" + (lineNumber + 1) + ": " + e.getMessage(), e);
    }
    if (line == null) {
      return null;
    }
    lineNumber++;
    if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
      line = line.substring(1);
    }
    return line;
  }

  /**
   * Reads the raw file to its end, so that a digest has seen every byte even when the decompressor
   * stopped early (trailing bytes after a gzip member).
   */
  final void drain() throws IOException {
    byte[] buf = new byte[BUFFER];
    while (raw.read(buf) >= 0) {
      // only the digest needs these bytes
    }
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } finally {
      raw.close();
    }
  }
}
