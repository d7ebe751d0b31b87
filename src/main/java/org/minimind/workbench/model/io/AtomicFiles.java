package org.minimind.workbench.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replacing a file without ever leaving it half-written: the new content goes to a temporary file
 * in the same directory, is forced to disk, and is then renamed over the target. On failure the
 * temporary file is deleted and the target is untouched.
 */
public final class AtomicFiles {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

  private AtomicFiles() {}

  /** Writes the body of a file to an open channel. */
  @FunctionalInterface
  public interface ChannelWriter {
    void writeTo(FileChannel channel) throws IOException;
  }

  /** Replaces {@code file} with what {@code body} writes. */
  public static void write(Path file, ChannelWriter body) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", readable());
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        body.writeTo(ch);
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        LOG.warn("{}: atomic rename not supported here, replacing non-atomically", file);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        LOG.warn("{}: could not delete temporary file {}: {}", file, tmp, e.toString());
      }
    }
  }

  /** Replaces {@code file} with {@code text} in UTF-8. */
  public static void writeString(Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(
        file,
        ch -> {
          ByteBuffer buf = ByteBuffer.wrap(bytes);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        });
  }

  /**
   * rw-r--r-- where the file system has POSIX permissions (temporary files default to rw-------).
   */
  private static FileAttribute<?>[] readable() {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))
      };
    }
    return new FileAttribute<?>[0];
  }

  /** Makes the rename durable where the platform allows it (Linux, macOS); a no-op elsewhere. */
  private static void syncDirectory(Path dir) {
    try (FileChannel dc = FileChannel.open(dir, StandardOpenOption.READ)) {
      dc.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("{}: directory not synced: {}", dir, e.toString());
    }
  }
}
