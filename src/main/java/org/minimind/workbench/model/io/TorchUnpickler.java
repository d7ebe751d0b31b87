package org.minimind.workbench.model.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Unpickles the {@code data.pkl} of a {@code torch.save} archive into plain Java objects.
 *
 * <p>Only the globals a state dict needs are understood ({@code collections.OrderedDict}, the
 * tensor and parameter rebuild functions, the typed storage classes); any other global can be
 * referenced but not called. The resolution is per instance, so Pyrolite's process-wide constructor
 * registry is left alone. Tensors come out as {@link PickledTensor}s referring to {@link
 * PickledStorage}s by key: the bytes are read from the archive later, when the tensor's name is
 * known for error messages. Length-prefixed opcodes are checked against the bytes that remain, so a
 * hostile length cannot trigger a huge allocation.
 *
 * <p>The resources a pickle can claim are bounded as it is read: the unpickler's stack ({@value
 * #MAX_STACK} entries), its memo ({@value #MAX_MEMO}), the elements put into containers ({@value
 * #MAX_ELEMENTS}) and, once read, the nesting depth ({@value #MAX_DEPTH}) of the result, which must
 * not contain itself. Dict keys must be hashable as in Python (no lists, dicts or sets), so hashing
 * a key never walks a structure; sets are refused (a state dict has none).
 */
final class TorchUnpickler extends Unpickler {

  /** A storage class named in the pickle, e.g. {@code torch.FloatStorage}. */
  record StorageType(String qualifiedName, DType dtype) {}

  /** A storage referenced by a persistent id: bytes {@code data/<key>} in the archive. */
  record PickledStorage(String key, StorageType type, long numel) {}

  /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, ...)}. */
  record PickledTensor(PickledStorage storage, long storageOffset, long[] size, long[] stride) {}

  /** A global the reader does not understand; calling it fails, referencing it does not. */
  record UnsupportedGlobal(String qualifiedName) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException("unsupported pickle global '" + qualifiedName + "'");
    }
  }

  private static final Map<String, DType> STORAGE_DTYPES =
      Map.of(
          "FloatStorage", DType.F32,
          "HalfStorage", DType.F16,
          "BFloat16Storage", DType.BF16,
          "LongStorage", DType.I64,
          "IntStorage", DType.I32);

  /** Most entries on the unpickler's stack; a state dict's pickle needs a few thousand. */
  static final int MAX_STACK = 100_000;

  /** Most memo entries; a state dict's pickle memoizes a few objects per tensor. */
  static final int MAX_MEMO = 1_000_000;

  /** Most elements put into lists, tuples and dicts over the whole pickle. */
  static final long MAX_ELEMENTS = 20_000_000L;

  /** Deepest nesting of containers; a state dict is nested four or five deep. */
  static final int MAX_DEPTH = 100;

  private final ByteArrayInputStream in;
  private long elements;
  private final Map<String, PickledStorage> storages = new HashMap<>();

  TorchUnpickler(byte[] pickle) {
    this.in = new ByteArrayInputStream(pickle);
  }

  /** Unpickles the whole stream. */
  Object load() throws IOException {
    Object root = load(in);
    checkNesting(root);
    return root;
  }

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    int before = stack.size();
    Object result = dispatchOne(key);
    int after = stack.size();
    if (after > MAX_STACK) {
      throw new PickleException("pickle stack grows beyond " + MAX_STACK + " entries");
    }
    if (memo.size() > MAX_MEMO) {
      throw new PickleException("pickle memo grows beyond " + MAX_MEMO + " entries");
    }
    if (after < before) {
      elements += before - after;
      if (elements > MAX_ELEMENTS) {
        throw new PickleException("pickle builds more than " + MAX_ELEMENTS + " elements");
      }
    }
    return result;
  }

  private Object dispatchOne(short key) throws PickleException, IOException {
    switch (key) {
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(resolveGlobal(module, name));
        return NO_RETURN_VALUE;
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        if (!(module instanceof String m) || !(name instanceof String n)) {
          throw new PickleException("STACK_GLOBAL expects two strings");
        }
        stack.add(resolveGlobal(m, n));
        return NO_RETURN_VALUE;
      }
      case Opcodes.BUILD -> {
        // OrderedDict state (the state dict's _metadata) and tensor state are not needed.
        Object state = stack.pop();
        Object target = stack.peek();
        if (!(target instanceof Map) && !(target instanceof PickledTensor)) {
          throw new PickleException(
              "cannot set state " + typeName(state) + " on " + typeName(target));
        }
        return NO_RETURN_VALUE;
      }
      case Opcodes.EMPTY_DICT -> {
        stack.add(new LinkedHashMap<>());
        return NO_RETURN_VALUE;
      }
      case Opcodes.DICT -> {
        LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
        putPairs(dict, stack.pop_all_since_marker());
        stack.add(dict);
        return NO_RETURN_VALUE;
      }
      case Opcodes.SETITEMS -> {
        // Pyrolite collects the items in a HashMap first, which loses the state dict's order.
        List<Object> items = stack.pop_all_since_marker();
        putPairs(stack.peek(), items);
        return NO_RETURN_VALUE;
      }
      case Opcodes.SETITEM -> {
        Object value = stack.pop();
        Object k = stack.pop();
        putPairs(stack.peek(), Arrays.asList(k, value));
        return NO_RETURN_VALUE;
      }
      case Opcodes.APPEND -> {
        Object value = stack.pop();
        listAt(stack.peek()).add(value);
        return NO_RETURN_VALUE;
      }
      case Opcodes.APPENDS -> {
        List<Object> items = stack.pop_all_since_marker();
        listAt(stack.peek()).addAll(items);
        return NO_RETURN_VALUE;
      }
      case Opcodes.EMPTY_SET, Opcodes.ADDITEMS, Opcodes.FROZENSET ->
          throw new PickleException(
              "unsupported pickle opcode " + key + " (a set; a state dict has none)");
      case Opcodes.INST, Opcodes.OBJ, Opcodes.PERSID ->
          throw new PickleException(
              "unsupported pickle opcode " + key + " (torch.save uses protocol 2)");
      case Opcodes.BINSTRING, Opcodes.BINUNICODE, Opcodes.BINBYTES, Opcodes.LONG4 -> checkLength(4);
      case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> checkLength(8);
      default -> {
        // handled by Pyrolite
      }
    }
    return super.dispatch(key);
  }

  @SuppressWarnings("unchecked")
  private static void putPairs(Object target, List<Object> items) {
    if (!(target instanceof Map)) {
      throw new PickleException("cannot set items on " + typeName(target));
    }
    if (items.size() % 2 != 0) {
      throw new PickleException("odd number of items for a dict");
    }
    Map<Object, Object> dict = (Map<Object, Object>) target;
    for (int i = 0; i < items.size(); i += 2) {
      Object k = items.get(i);
      if (k instanceof List || k instanceof Map || k instanceof java.util.Set) {
        throw new PickleException("unhashable dict key (" + typeName(k) + ")");
      }
      dict.put(k, items.get(i + 1));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> listAt(Object target) {
    if (!(target instanceof List)) {
      throw new PickleException("cannot append to " + typeName(target) + ", expected a list");
    }
    return (List<Object>) target;
  }

  /**
   * Checks, without recursion, that {@code root} nests at most {@link #MAX_DEPTH} containers deep
   * and contains no container inside itself. Shared parts are walked once.
   */
  static void checkNesting(Object root) {
    final class Frame {
      final Object node;
      final Iterator<?> children;
      int height = 1;

      Frame(Object node) {
        this.node = node;
        this.children = children(node);
      }
    }
    if (children(root) == null) {
      return;
    }
    Map<Object, Integer> heights = new IdentityHashMap<>();
    Map<Object, Boolean> onPath = new IdentityHashMap<>();
    Deque<Frame> path = new ArrayDeque<>();
    path.push(new Frame(root));
    onPath.put(root, true);
    while (!path.isEmpty()) {
      Frame f = path.peek();
      if (f.children.hasNext()) {
        Object c = f.children.next();
        if (children(c) == null) {
          continue;
        }
        Integer known = heights.get(c);
        if (known != null) {
          f.height = Math.max(f.height, known + 1);
        } else if (onPath.containsKey(c)) {
          throw new PickleException("a " + typeName(c) + " in the pickle contains itself");
        } else if (path.size() >= MAX_DEPTH) {
          throw new PickleException("pickle nests containers more than " + MAX_DEPTH + " deep");
        } else {
          path.push(new Frame(c));
          onPath.put(c, true);
        }
        continue;
      }
      path.pop();
      onPath.remove(f.node);
      heights.put(f.node, f.height);
      if (!path.isEmpty()) {
        path.peek().height = Math.max(path.peek().height, f.height + 1);
      }
    }
  }

  private static Iterator<?> children(Object o) {
    if (o instanceof List<?> l) {
      return l.iterator();
    }
    if (o instanceof Object[] a) {
      return Arrays.asList(a).iterator();
    }
    if (o instanceof Map<?, ?> m) {
      return m.entrySet().stream()
          .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
          .iterator();
    }
    return null;
  }

  /** Checks that the little-endian length that follows does not exceed the remaining bytes. */
  private void checkLength(int width) {
    in.mark(width);
    byte[] b = new byte[width];
    int got = in.readNBytes(b, 0, width);
    in.reset();
    if (got < width) {
      throw new PickleException("pickle ends inside a length field");
    }
    long len = 0;
    for (int i = width - 1; i >= 0; i--) {
      len = (len << 8) | (b[i] & 0xff);
    }
    long remaining = in.available() - (long) width;
    if (len < 0 || len > remaining) {
      throw new PickleException(
          "pickle opcode claims "
              + Long.toUnsignedString(len)
              + " bytes but only "
              + remaining
              + " remain");
    }
  }

  private static Object resolveGlobal(String module, String name) {
    String qualified = module + "." + name;
    switch (qualified) {
      case "collections.OrderedDict":
        return (IObjectConstructor)
            args -> {
              if (args.length != 0) {
                throw new PickleException(
                    "OrderedDict with constructor arguments is not supported");
              }
              return new LinkedHashMap<Object, Object>();
            };
      case "torch._utils._rebuild_tensor_v2":
      case "torch._utils._rebuild_tensor":
        return (IObjectConstructor) TorchUnpickler::rebuildTensor;
      case "torch._utils._rebuild_parameter":
      case "torch._utils._rebuild_parameter_with_state":
        return (IObjectConstructor)
            args -> {
              if (args.length < 1 || !(args[0] instanceof PickledTensor t)) {
                throw new PickleException(qualified + " expects a tensor as first argument");
              }
              return t;
            };
      default:
        break;
    }
    if (module.equals("torch") || module.equals("torch.storage")) {
      if (name.endsWith("Storage")) {
        return new StorageType(qualified, STORAGE_DTYPES.get(name));
      }
    }
    return new UnsupportedGlobal(qualified);
  }

  private static Object rebuildTensor(Object[] args) {
    if (args.length < 4) {
      throw new PickleException(
          "_rebuild_tensor expects (storage, storage_offset, size, stride, ...), found "
              + args.length
              + " arguments");
    }
    if (!(args[0] instanceof PickledStorage storage)) {
      throw new PickleException(
          "_rebuild_tensor expects a storage as first argument, found " + typeName(args[0]));
    }
    long offset = toLong(args[1], "storage_offset");
    long[] size = toLongs(args[2], "size");
    long[] stride = toLongs(args[3], "stride");
    return new PickledTensor(storage, offset, size, stride);
  }

  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])) {
      throw new PickleException(
          "expected persistent id ('storage', type, key, location, numel),"
              + " found "
              + describe(pid));
    }
    if (!(t[1] instanceof StorageType type)) {
      throw new PickleException(
          "expected a storage class in persistent id, found " + describe(t[1]));
    }
    if (!(t[2] instanceof String key)) {
      throw new PickleException("expected a string storage key, found " + describe(t[2]));
    }
    long numel = toLong(t[4], "storage numel");
    PickledStorage known = storages.get(key);
    if (known != null) {
      if (!known.type().equals(type)) {
        throw new PickleException(
            "storage '"
                + key
                + "' is referenced as both "
                + known.type().qualifiedName()
                + " and "
                + type.qualifiedName());
      }
      return known;
    }
    PickledStorage s = new PickledStorage(key, type, numel);
    storages.put(key, s);
    return s;
  }

  private static long toLong(Object o, String what) {
    if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
      return ((Number) o).longValue();
    }
    throw new PickleException("expected an integer " + what + ", found " + describe(o));
  }

  private static long[] toLongs(Object o, String what) {
    if (!(o instanceof Object[] arr)) {
      throw new PickleException("expected a tuple for " + what + ", found " + describe(o));
    }
    long[] out = new long[arr.length];
    for (int i = 0; i < arr.length; i++) {
      out[i] = toLong(arr[i], what);
    }
    return out;
  }

  static String typeName(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof Map) {
      return "dict";
    }
    if (o instanceof List) {
      return "list";
    }
    if (o instanceof Integer || o instanceof Long || o instanceof java.math.BigInteger) {
      return "int";
    }
    if (o instanceof Double) {
      return "float";
    }
    if (o instanceof String) {
      return "str";
    }
    if (o instanceof Boolean) {
      return "bool";
    }
    if (o instanceof Object[]) {
      return "tuple";
    }
    if (o instanceof PickledTensor) {
      return "tensor";
    }
    if (o instanceof PickledStorage) {
      return "storage";
    }
    if (o instanceof UnsupportedGlobal g) {
      return g.qualifiedName();
    }
    return o.getClass().getSimpleName();
  }

  /** A short rendering of a pickled value: at most three levels and eight elements each. */
  private static String describe(Object o) {
    StringBuilder s = new StringBuilder();
    describe(o, 3, s);
    return s.length() > 200 ? s.substring(0, 197) + "..." : s.toString();
  }

  private static void describe(Object o, int levels, StringBuilder s) {
    List<?> items = o instanceof Object[] a ? Arrays.asList(a) : o instanceof List<?> l ? l : null;
    if (items == null) {
      s.append(
          o instanceof Map || o instanceof PickledTensor || o instanceof PickledStorage
              ? typeName(o)
              : String.valueOf(o));
      return;
    }
    boolean tuple = o instanceof Object[];
    s.append(tuple ? '(' : '[');
    if (levels == 0) {
      s.append("...");
    } else {
      for (int i = 0; i < Math.min(items.size(), 8); i++) {
        s.append(i == 0 ? "" : ", ");
        describe(items.get(i), levels - 1, s);
      }
      if (items.size() > 8) {
        s.append(", ...");
      }
    }
    s.append(tuple ? ')' : ']');
  }
}
