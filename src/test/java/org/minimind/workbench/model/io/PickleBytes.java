package org.minimind.workbench.model.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protocol-2 pickle opcodes by hand, to build torch-like (and broken) data.pkl files. */
final class PickleBytes {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleBytes() {
    op(0x80).op(2);
  }

  PickleBytes op(int b) {
    out.write(b);
    return this;
  }

  PickleBytes raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  PickleBytes global(String module, String name) {
    op('c');
    return raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
  }

  PickleBytes str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X').int32(b.length);
    return raw(b);
  }

  PickleBytes int32(int v) {
    return op(v & 0xff).op((v >>> 8) & 0xff).op((v >>> 16) & 0xff).op((v >>> 24) & 0xff);
  }

  /** An int via BININT (4 bytes, signed). */
  PickleBytes num(int v) {
    return op('J').int32(v);
  }

  /** A tuple of small ints. */
  PickleBytes ints(long... v) {
    mark();
    for (long x : v) {
      num((int) x);
    }
    return op('t');
  }

  PickleBytes mark() {
    return op('(');
  }

  PickleBytes tuple() {
    return op('t');
  }

  PickleBytes emptyTuple() {
    return op(')');
  }

  PickleBytes reduce() {
    return op('R');
  }

  PickleBytes binpersid() {
    return op('Q');
  }

  PickleBytes setitems() {
    return op('u');
  }

  PickleBytes newFalse() {
    return op(0x89);
  }

  PickleBytes stop() {
    return op('.');
  }

  /** {@code collections.OrderedDict()} on the stack. */
  PickleBytes orderedDict() {
    return global("collections", "OrderedDict").emptyTuple().reduce();
  }

  /**
   * {@code _rebuild_tensor_v2(storage('key', type, numel), offset, size, stride, False,
   * OrderedDict())} on the stack.
   */
  PickleBytes tensor(
      String storageType, String key, long numel, long offset, long[] size, long[] stride) {
    global("torch._utils", "_rebuild_tensor_v2");
    mark();
    mark()
        .str("storage")
        .global("torch", storageType)
        .str(key)
        .str("cpu")
        .num((int) numel)
        .tuple()
        .binpersid();
    num((int) offset).ints(size).ints(stride).newFalse().orderedDict();
    tuple();
    return reduce();
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
