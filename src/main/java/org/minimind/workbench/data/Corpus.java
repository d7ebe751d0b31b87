package org.minimind.workbench.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A corpus on disk: one file, or every {@code .txt}, {@code .txt.gz}, {@code .jsonl} and {@code
 * .jsonl.gz} file below a folder (other files, and names starting with a dot, are ignored).
 *
 * <p>Files are read in a stable order, by relative path with {@code /} separators, so documents get
 * the same indices on every machine. Reading streams one document at a time; each full pass also
 * yields the {@link CorpusFingerprint}, at no extra I/O.
 */
public final class Corpus implements DocumentSource {

  private static final Logger LOG = LoggerFactory.getLogger(Corpus.class);

  private final Path root;
  private final List<Path> files;
  private final MalformedLinePolicy policy;

  private Corpus(Path root, List<Path> files, MalformedLinePolicy policy) {
    this.root = root;
    this.files = List.copyOf(files);
    this.policy = policy;
  }

  /** Opens a corpus file or folder; a malformed JSON line is an error. */
  public static Corpus open(Path fileOrFolder) throws IOException {
    return open(fileOrFolder, MalformedLinePolicy.FAIL);
  }

  /** Opens a corpus file or folder with the given treatment of malformed JSON lines. */
  public static Corpus open(Path fileOrFolder, MalformedLinePolicy policy) throws IOException {
    Objects.requireNonNull(fileOrFolder, "fileOrFolder");
    Objects.requireNonNull(policy, "policy");
    if (Files.isRegularFile(fileOrFolder)) {
      if (CorpusFormat.of(fileOrFolder).isEmpty()) {
        throw new IOException(
            fileOrFolder + ": not a corpus file (expected .txt, .jsonl or .jsonl.gz)");
      }
      return new Corpus(fileOrFolder, List.of(fileOrFolder), policy);
    }
    if (!Files.isDirectory(fileOrFolder)) {
      throw new IOException(
          fileOrFolder
              + (Files.exists(fileOrFolder)
                  ? ": not a regular file or folder (a pipe, device or socket is not read as a corpus)"
                  : ": no such corpus file or folder"));
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(fileOrFolder)) {
      walk.filter(p -> !p.equals(fileOrFolder))
          .filter(p -> !hidden(fileOrFolder.relativize(p)))
          .filter(Files::isRegularFile)
          .filter(p -> CorpusFormat.of(p).isPresent())
          .forEach(found::add);
    }
    if (found.isEmpty()) {
      throw new IOException(fileOrFolder + ": no .txt, .jsonl or .jsonl.gz files in this folder");
    }
    found.sort(Comparator.comparing(p -> relativeName(fileOrFolder, p)));
    return new Corpus(fileOrFolder, found, policy);
  }

  /** The file or folder the corpus was opened from. */
  public Path root() {
    return root;
  }

  /** The corpus files in reading order. */
  public List<Path> files() {
    return files;
  }

  public MalformedLinePolicy policy() {
    return policy;
  }

  @Override
  public void forEach(DocumentConsumer consumer) throws IOException {
    scan(consumer);
  }

  /** Reads every document (passing none on) to compute the fingerprint. */
  public CorpusFingerprint fingerprint() throws IOException {
    return scan(d -> {});
  }

  /**
   * Passes every document to {@code consumer}, numbered from 0 across files, and returns the corpus
   * fingerprint computed from the bytes read on the way.
   *
   * @throws IOException naming file and line for unreadable or malformed input, or when a file
   *     changes size while it is read
   */
  public CorpusFingerprint scan(DocumentConsumer consumer) throws IOException {
    Objects.requireNonNull(consumer, "consumer");
    MessageDigest digest = sha256();
    long documents = 0;
    long skipped = 0;
    long bytes = 0;
    for (Path file : files) {
      long size = Files.size(file);
      digest.update(ByteBuffer.allocate(Long.BYTES).putLong(size).array());
      try (LineCorpusReader reader = openReader(file, digest)) {
        Document d;
        while ((d = reader.next()) != null) {
          consumer.accept(d.withIndex(documents++));
        }
        reader.drain();
        skipped += reader.skippedLines();
      }
      if (Files.size(file) != size) {
        throw new IOException(file + ": changed size while being read");
      }
      bytes += size;
    }
    CorpusFingerprint fp =
        new CorpusFingerprint(
            HexFormat.of().formatHex(digest.digest()), files.size(), bytes, documents, skipped);
    LOG.debug(
        "corpus {}: {} files, {} bytes, {} documents, {} malformed lines skipped, sha256 {}",
        root,
        fp.files(),
        fp.bytes(),
        fp.documents(),
        fp.skippedLines(),
        fp.sha256());
    return fp;
  }

  private LineCorpusReader openReader(Path file, MessageDigest digest) throws IOException {
    CorpusFormat format = CorpusFormat.of(file).orElseThrow();
    return format == CorpusFormat.JSONL
        ? new JsonlCorpusReader(file, policy, digest)
        : new TextCorpusReader(file, digest);
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String relativeName(Path folder, Path file) {
    StringBuilder sb = new StringBuilder();
    for (Path part : folder.relativize(file)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
