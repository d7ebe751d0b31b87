package org.minimind.workbench.model.io;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a loaded state dict against the layout a model expects, before any weight is used.
 *
 * <p>The layout lists every tensor under its canonical name with its shape and allowed dtypes, plus
 * tied aliases: an alias (e.g. {@code output.weight}) names the same weights as its canonical
 * tensor (e.g. {@code tok_embeddings.weight}) and may appear instead of it, beside it, or not at
 * all; when both appear they must hold equal values. {@link #check} reports missing and unexpected
 * tensors, wrong shapes and dtypes, tied pairs that disagree, and NaN or infinite values, each as a
 * {@link CheckpointException} naming the file, the tensor and what was expected. A checkpoint that
 * passes comes back under canonical names only, with floating-point tensors widened to F32.
 */
public final class StateDictCheck {

  /** The floating-point dtypes a weight may be stored in. */
  public static final Set<DType> FLOAT_DTYPES =
      Collections.unmodifiableSet(EnumSet.of(DType.F32, DType.F16, DType.BF16));

  /** At most this many further problems are listed after the first one. */
  private static final int MAX_LISTED = 10;

  private static final Logger LOG = LoggerFactory.getLogger(StateDictCheck.class);

  private final LinkedHashMap<String, long[]> shapes;
  private final Map<String, Set<DType>> dtypes;
  private final LinkedHashMap<String, String> aliases; // alias -> canonical

  private StateDictCheck(Builder b) {
    this.shapes = new LinkedHashMap<>();
    b.shapes.forEach((k, v) -> shapes.put(k, v.clone()));
    this.dtypes = new LinkedHashMap<>(b.dtypes);
    this.aliases = new LinkedHashMap<>(b.aliases);
  }

  /**
   * Prefixes that wrappers put before every name of the model they wrap: {@code module.} from
   * DistributedDataParallel (what MiniMind's torchrun training saves) and DataParallel, {@code
   * _orig_mod.} from {@code torch.compile}.
   */
  static final List<String> WRAPPER_PREFIXES = List.of("module.", "_orig_mod.");

  /**
   * The tensors under the wrapped model's own names: while every name starts with the same wrapper
   * prefix, the prefix is removed (and the removal logged).
   */
  static Map<String, TensorData> withoutWrapperPrefixes(
      Path file, Map<String, TensorData> tensors) {
    Map<String, TensorData> current = tensors;
    boolean stripped = true;
    while (stripped && !current.isEmpty()) {
      stripped = false;
      for (String prefix : WRAPPER_PREFIXES) {
        if (current.keySet().stream().allMatch(k -> k.startsWith(prefix))) {
          LinkedHashMap<String, TensorData> next = new LinkedHashMap<>();
          current.forEach((k, v) -> next.put(k.substring(prefix.length()), v));
          LOG.info(
              "{}: names start with '{}' (a wrapped model's state dict): read without it",
              file,
              prefix);
          current = next;
          stripped = true;
        }
      }
    }
    return current;
  }

  /** A builder for a layout. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A layout of floating-point tensors (each F32, F16 or BF16).
   *
   * @param expectedShapes canonical name to shape, in the order results are returned
   * @param tiedAliases alias name to canonical name
   */
  public static StateDictCheck of(
      Map<String, long[]> expectedShapes, Map<String, String> tiedAliases) {
    Builder b = builder();
    expectedShapes.forEach(b::expect);
    tiedAliases.forEach(b::tie);
    return b.build();
  }

  /** Canonical names and shapes, in layout order (copies). */
  public Map<String, long[]> expectedShapes() {
    LinkedHashMap<String, long[]> copy = new LinkedHashMap<>();
    shapes.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  /** Tied aliases: alias name to canonical name. */
  public Map<String, String> tiedAliases() {
    return Collections.unmodifiableMap(aliases);
  }

  /**
   * Checks {@code tensors} (read from {@code file}) against this layout.
   *
   * @param file the checkpoint the tensors came from, named in every error
   * @return canonical name to tensor, in layout order, floating-point tensors widened to F32
   * @throws CheckpointException naming the first problem's tensor; its message lists the first
   *     problem and up to ten more
   */
  public LinkedHashMap<String, TensorData> check(Path file, Map<String, TensorData> tensors)
      throws CheckpointException {
    Objects.requireNonNull(tensors, "tensors");
    tensors = withoutWrapperPrefixes(file, tensors);
    List<String[]> problems = new ArrayList<>(); // {tensor, detail}
    for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
      String name = e.getKey();
      if (!shapes.containsKey(name) && !aliases.containsKey(name)) {
        TensorData t = e.getValue();
        problems.add(
            new String[] {
              name,
              "expected no tensor of this name (not in the model's "
                  + shapes.size()
                  + "-tensor layout), found an unexpected tensor "
                  + (t == null ? "(null)" : t.dtype() + " " + Shapes.str(t.shape()))
            });
      }
    }
    LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      String canonical = e.getKey();
      long[] shape = e.getValue();
      Set<DType> allowed = dtypes.get(canonical);
      List<String> names = new ArrayList<>();
      names.add(canonical);
      aliases.forEach(
          (alias, target) -> {
            if (target.equals(canonical)) {
              names.add(alias);
            }
          });
      List<TensorData> found = new ArrayList<>();
      List<String> foundNames = new ArrayList<>();
      for (String n : names) {
        TensorData t = tensors.get(n);
        if (t != null) {
          found.add(t);
          foundNames.add(n);
        }
      }
      if (found.isEmpty()) {
        String also =
            names.size() > 1
                ? " (under this name or as "
                    + names.subList(1, names.size()).stream()
                        .map(n -> "'" + n + "'")
                        .collect(Collectors.joining(" or "))
                    + ")"
                : "";
        problems.add(
            new String[] {
              canonical,
              "missing: expected a tensor of shape "
                  + Shapes.str(shape)
                  + " and dtype "
                  + dtypeList(allowed)
                  + also
                  + ", found none"
            });
        continue;
      }
      boolean ok = true;
      List<TensorData> widened = new ArrayList<>();
      for (int i = 0; i < found.size(); i++) {
        TensorData t = found.get(i);
        String n = foundNames.get(i);
        if (!allowed.contains(t.dtype())) {
          problems.add(
              new String[] {n, "expected dtype " + dtypeList(allowed) + ", found " + t.dtype()});
          ok = false;
        } else if (!t.hasShape(shape)) {
          problems.add(
              new String[] {
                n, "expected shape " + Shapes.str(shape) + ", found " + Shapes.str(t.shape())
              });
          ok = false;
        } else {
          widened.add(t.dtype().isFloatingPoint() ? t.toF32() : t);
        }
      }
      if (!ok) {
        continue;
      }
      for (int i = 1; i < widened.size(); i++) {
        String difference = firstDifference(widened.get(0), widened.get(i));
        if (difference != null) {
          problems.add(
              new String[] {
                foundNames.get(i),
                "expected values equal to its tied tensor '"
                    + foundNames.get(0)
                    + "', found "
                    + difference
              });
          ok = false;
        }
      }
      if (!ok) {
        continue;
      }
      TensorData result = widened.get(0);
      if (result.dtype().isFloatingPoint()) {
        String bad = nonFinite(result);
        if (bad != null) {
          problems.add(new String[] {foundNames.get(0), "expected finite values, found " + bad});
          continue;
        }
      }
      out.put(canonical, result.name().equals(canonical) ? result : result.withName(canonical));
    }
    if (!problems.isEmpty()) {
      throw failure(file, problems);
    }
    LOG.debug("{}: {} tensors match the layout", file, out.size());
    return out;
  }

  private static CheckpointException failure(Path file, List<String[]> problems) {
    String[] first = problems.get(0);
    StringBuilder detail = new StringBuilder(first[1]);
    if (problems.size() > 1) {
      detail.append(" (and ").append(problems.size() - 1).append(" more: ");
      int shown = Math.min(problems.size() - 1, MAX_LISTED);
      for (int i = 1; i <= shown; i++) {
        if (i > 1) {
          detail.append("; ");
        }
        detail
            .append("tensor '")
            .append(problems.get(i)[0])
            .append("': ")
            .append(problems.get(i)[1]);
      }
      if (problems.size() - 1 > shown) {
        detail.append("; ...");
      }
      detail.append(')');
    }
    return new CheckpointException(file, first[0], detail.toString());
  }

  private static String dtypeList(Set<DType> allowed) {
    if (allowed.size() == 1) {
      return allowed.iterator().next().toString();
    }
    return allowed.stream().map(DType::toString).collect(Collectors.joining(", ", "one of [", "]"));
  }

  /** Null if equal (bit for bit, NaNs alike), else where they first differ. */
  private static String firstDifference(TensorData a, TensorData b) {
    if (a.contentEquals(b.withName(a.name()))) {
      return null;
    }
    if (a.dtype() != b.dtype()) {
      return "dtype " + b.dtype() + " instead of " + a.dtype();
    }
    if (!a.dtype().isFloatingPoint()) {
      long[] x = a.toLongs();
      long[] y = b.toLongs();
      for (int i = 0; i < x.length; i++) {
        if (x[i] != y[i]) {
          return "a difference at index " + i + ": " + y[i] + " instead of " + x[i];
        }
      }
      return null;
    }
    FloatBuffer x = a.toFloatBuffer();
    FloatBuffer y = b.toFloatBuffer();
    long count = 0;
    int firstIndex = -1;
    for (int i = 0; i < x.limit(); i++) {
      if (Float.floatToIntBits(x.get(i)) != Float.floatToIntBits(y.get(i))) {
        if (firstIndex < 0) {
          firstIndex = i;
        }
        count++;
      }
    }
    if (firstIndex < 0) {
      return null; // differ only in NaN payloads
    }
    return count
        + " differing values, the first at index "
        + firstIndex
        + ": "
        + y.get(firstIndex)
        + " instead of "
        + x.get(firstIndex);
  }

  /** Null if every value is finite, else a description of the non-finite values. */
  private static String nonFinite(TensorData t) {
    FloatBuffer v = t.toFloatBuffer();
    long count = 0;
    int firstIndex = -1;
    for (int i = 0; i < v.limit(); i++) {
      if (!Float.isFinite(v.get(i))) {
        if (firstIndex < 0) {
          firstIndex = i;
        }
        count++;
      }
    }
    if (firstIndex < 0) {
      return null;
    }
    return count
        + " non-finite value"
        + (count == 1 ? "" : "s")
        + " of "
        + t.numel()
        + ", the first "
        + v.get(firstIndex)
        + " at index "
        + firstIndex;
  }

  /** Builds a {@link StateDictCheck}: canonical tensors in order, then tied aliases. */
  public static final class Builder {
    private final LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, Set<DType>> dtypes = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> aliases = new LinkedHashMap<>();

    private Builder() {}

    /** Expects a floating-point tensor (F32, F16 or BF16) of this shape. */
    public Builder expect(String name, long... shape) {
      return expect(name, FLOAT_DTYPES, shape);
    }

    /** Expects a tensor of this shape in one of the {@code allowed} dtypes. */
    public Builder expect(String name, Set<DType> allowed, long... shape) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(shape, "shape");
      if (allowed == null || allowed.isEmpty()) {
        throw new IllegalArgumentException("tensor '" + name + "': expected allowed dtypes");
      }
      if (shapes.containsKey(name) || aliases.containsKey(name)) {
        throw new IllegalArgumentException("tensor '" + name + "' is already in the layout");
      }
      for (long d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException(
              "tensor '"
                  + name
                  + "': expected non-negative dimensions, found "
                  + Shapes.str(shape));
        }
      }
      shapes.put(name, shape.clone());
      dtypes.put(name, Collections.unmodifiableSet(EnumSet.copyOf(allowed)));
      return this;
    }

    /** Declares {@code alias} a tied name for the expected tensor {@code canonical}. */
    public Builder tie(String alias, String canonical) {
      Objects.requireNonNull(alias, "alias");
      Objects.requireNonNull(canonical, "canonical");
      if (!shapes.containsKey(canonical)) {
        throw new IllegalArgumentException(
            "tied alias '"
                + alias
                + "': expected canonical tensor '"
                + canonical
                + "' to be in the layout (call expect first)");
      }
      if (shapes.containsKey(alias) || aliases.containsKey(alias)) {
        throw new IllegalArgumentException("tied alias '" + alias + "' is already in the layout");
      }
      aliases.put(alias, canonical);
      return this;
    }

    /** The layout. */
    public StateDictCheck build() {
      return new StateDictCheck(this);
    }
  }
}
