package org.minimind.workbench.slots;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.run.RunDirectory;

/**
 * The checkpoint a slot index describes, so that a reader can tell whether the index still matches
 * the model it has open.
 *
 * @param path the checkpoint as given
 * @param step its training step, -1 when not known
 * @param fingerprint SHA-256 of its weights file (hex), empty when not known
 */
public record IndexedCheckpoint(String path, long step, String fingerprint) {
  public IndexedCheckpoint {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** A model that came from no file (tests, a model trained in memory). */
  public static IndexedCheckpoint unnamed(String name) {
    return new IndexedCheckpoint(name, -1, "");
  }

  /** A checkpoint directory or weights file: its step and the hash of its weights. */
  public static IndexedCheckpoint of(Path checkpoint) throws IOException {
    Path weights = Checkpoint.locate(checkpoint).weights();
    return new IndexedCheckpoint(
        checkpoint.toAbsolutePath().normalize().toString(),
        RunDirectory.stepOf(checkpoint),
        sha256(weights));
  }

  /** SHA-256 of a file, hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
