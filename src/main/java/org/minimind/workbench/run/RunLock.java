package org.minimind.workbench.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a run directory, held by the one process that writes it (training or
 * resuming). It is an operating-system lock on a lock file ({@link FileChannel#tryLock}), so it is
 * released when the process ends, however it ends: a lock file left by a killed process is taken
 * over by the next writer. The file says who holds it (process id, host, since when), so that a
 * refused writer can name the holder.
 *
 * <p>Within one JVM the lock is also kept in a table: POSIX drops every lock a process holds on a
 * file as soon as any of its channels on that file closes, so a second writer in the same process
 * must be refused before it opens the file.
 */
final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  /**
   * The locked byte range starts beyond the holder's text, so that the text stays readable where
   * locks are mandatory (Windows).
   */
  private static final long REGION = Long.MAX_VALUE - 1;

  private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock in {@code file}, or throws an {@link IOException} naming the process that holds
   * it.
   *
   * @param runDir the run directory, for messages
   */
  static RunLock acquire(Path file, Path runDir) throws IOException {
    // the real path: two spellings of one directory (a symbolic link) must meet in the table
    Path key = file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
    String holder = describeSelf();
    String previous = HELD_HERE.putIfAbsent(key, holder);
    if (previous != null) {
      throw busy(runDir, previous);
    }
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock(REGION, 1, false);
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw busy(runDir, readHolder(ch));
      }
      String stale = readHolder(ch);
      if (!stale.isEmpty()) {
        LOG.info("{}: taking over the lock left by {} (no longer running)", runDir, stale);
      }
      ch.truncate(0);
      ByteBuffer text = ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8));
      while (text.hasRemaining()) {
        ch.write(text, text.position());
      }
      ch.force(false);
      return new RunLock(key, ch, lock);
    } catch (IOException | RuntimeException e) {
      HELD_HERE.remove(key, holder);
      if (ch != null) {
        ch.close();
      }
      throw e;
    }
  }

  /** Who holds the lock in {@code file}, or an empty string when no one says. */
  static String holderOf(Path file) {
    try {
      return Files.isRegularFile(file)
          ? Files.readString(file, StandardCharsets.UTF_8).strip()
          : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String readHolder(FileChannel ch) throws IOException {
    long size = Math.min(ch.size(), 4096);
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
      // read until full or at the end
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
  }

  private static IOException busy(Path runDir, String holder) {
    return new IOException(
        runDir
            + ": another training process is writing this run ("
            + (holder.isEmpty() ? "holder unknown" : holder)
            + "); wait for it to end or stop it, or use another --out");
  }

  /** "pid 1234 on host box, since 2026-11-30T14:00:00Z". */
  static String describeSelf() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      host = "unknown host";
    }
    return "pid " + ProcessHandle.current().pid() + " on host " + host + ", since " + Instant.now();
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } finally {
      HELD_HERE.remove(key);
    }
  }
}
