package org.minimind.workbench.data;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * A token stream in a file, memory-mapped for reading, so packed corpora larger than the heap cost
 * only page cache.
 *
 * <p>Layout: a 16-byte header, the ASCII magic {@code MMTOKENS}, the format version (int32, 1) and
 * the token width in bytes (int32, 2 or 4), then the tokens as little-endian {@code uint16} or
 * {@code int32}, as numpy would write them ({@code np.memmap(path, dtype='<u2', offset=16)} reads
 * one back).
 */
public final class TokenFile implements TokenStream {

  /** Header size in bytes; a multiple of every token width. */
  public static final int HEADER_BYTES = 16;

  private static final byte[] MAGIC = "MMTOKENS".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int CHUNK_SHIFT = 30;
  private static final long CHUNK = 1L << CHUNK_SHIFT;

  private final Path file;
  private final TokenDtype dtype;
  private final long size;
  private final MappedByteBuffer[] chunks;

  private TokenFile(Path file, TokenDtype dtype, long size, MappedByteBuffer[] chunks) {
    this.file = file;
    this.dtype = dtype;
    this.size = size;
    this.chunks = chunks;
  }

  /** Maps a token file written by {@link Writer}; errors name the file. */
  public static TokenFile open(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = ch.size();
      if (length < HEADER_BYTES) {
        throw new IOException(file + ": too short for a token file (" + length + " bytes)");
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      while (header.hasRemaining() && ch.read(header, header.position()) >= 0) {
        // read the whole header
      }
      header.flip();
      byte[] magic = new byte[MAGIC.length];
      header.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + ": not a token file (bad magic)");
      }
      int version = header.getInt();
      if (version != VERSION) {
        throw new IOException(file + ": token file version " + version + " is not supported");
      }
      TokenDtype dtype;
      try {
        dtype = TokenDtype.ofWidth(header.getInt());
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
      long body = length - HEADER_BYTES;
      if (body % dtype.bytes() != 0) {
        throw new IOException(
            file + ": " + body + " token bytes are not a whole number of " + dtype + " tokens");
      }
      int n = (int) ((body + CHUNK - 1) / CHUNK);
      MappedByteBuffer[] chunks = new MappedByteBuffer[n];
      for (int i = 0; i < n; i++) {
        long start = HEADER_BYTES + i * CHUNK;
        chunks[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(CHUNK, length - start));
        chunks[i].order(ByteOrder.LITTLE_ENDIAN);
      }
      return new TokenFile(file, dtype, body / dtype.bytes(), chunks);
    }
  }

  /** Creates (or replaces) a token file to write to. */
  public static Writer create(Path file, TokenDtype dtype) throws IOException {
    return new Writer(file, dtype);
  }

  public Path file() {
    return file;
  }

  public TokenDtype dtype() {
    return dtype;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int get(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("token " + index + " outside [0, " + size + ")");
    }
    long offset = index * dtype.bytes();
    MappedByteBuffer chunk = chunks[(int) (offset >>> CHUNK_SHIFT)];
    int pos = (int) (offset & (CHUNK - 1));
    return dtype == TokenDtype.UINT16
        ? Short.toUnsignedInt(chunk.getShort(pos))
        : chunk.getInt(pos);
  }

  /** Streams tokens into a new token file; {@link #close()} finishes it. */
  public static final class Writer implements TokenSink, Closeable {

    private final Path file;
    private final TokenDtype dtype;
    private final OutputStream out;
    private final ByteBuffer buf;
    private long size;

    private Writer(Path file, TokenDtype dtype) throws IOException {
      this.file = Objects.requireNonNull(file, "file");
      this.dtype = Objects.requireNonNull(dtype, "dtype");
      this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      this.buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      buf.put(MAGIC).putInt(VERSION).putInt(dtype.bytes());
    }

    @Override
    public void write(int[] tokens, int offset, int length) throws IOException {
      if (length < 0 || offset < 0 || offset + length > tokens.length) {
        throw new IndexOutOfBoundsException(
            "write of " + length + " tokens from " + offset + " of " + tokens.length);
      }
      for (int i = offset; i < offset + length; i++) {
        int t = tokens[i];
        if (t < 0 || t > dtype.maxId()) {
          throw new IOException(
              file
                  + ": token id "
                  + t
                  + " (token "
                  + (size + i - offset)
                  + ") does not fit "
                  + dtype
                  + " [0, "
                  + dtype.maxId()
                  + "]");
        }
        if (buf.remaining() < dtype.bytes()) {
          flushBuffer();
        }
        if (dtype == TokenDtype.UINT16) {
          buf.putShort((short) t);
        } else {
          buf.putInt(t);
        }
      }
      size += length;
    }

    @Override
    public long size() {
      return size;
    }

    private void flushBuffer() throws IOException {
      out.write(buf.array(), 0, buf.position());
      buf.clear();
    }

    @Override
    public void close() throws IOException {
      try {
        flushBuffer();
      } finally {
        out.close();
      }
    }
  }
}
