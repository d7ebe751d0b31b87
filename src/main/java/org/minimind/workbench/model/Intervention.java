package org.minimind.workbench.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A change to what the memory layers read, applied to a forward pass ({@link
 * ForwardOptions#withIntervention}), a generation and an evaluation alike: the causal test of what
 * a slot does.
 *
 * <ul>
 *   <li><b>Ablated slots</b> (per layer), in one of two {@link Mode}s:
 *       <ul>
 *         <li>{@link Mode#REMOVE} (the default): the slot is taken out of the gate's candidates.
 *             Its entries among the k x k candidate sums (the product of the two halves' top k, see
 *             {@link MemoryBlock}) are set to -inf before the final top k, so the gate takes the
 *             next best <i>candidate</i>: the best remaining of those k x k sums, not the best of
 *             all N slots (a slot outside both halves' top k is never considered, as in the seed's
 *             gate). When fewer than k candidates remain, the last picks are removed slots at -inf:
 *             their trace score is 0 and their value is read as zeros, so a removed slot's content
 *             never reaches the fusion.
 *         <li>{@link Mode#ZERO}: the selection is unchanged (the slot is chosen and reported as
 *             before), but the fusion reads its value vector as zeros.
 *       </ul>
 *   <li><b>Layers off</b>: every value that layer reads is zeros (the selection is unchanged).
 *   <li><b>Forced slots</b> (per layer): the slot is put into the selection at every position.
 *       Unless already selected it replaces the lowest-ranked selected slot that is not itself
 *       forced; the order is not re-sorted. Its score in the trace is the softmax, over the k
 *       selected, of its own product-key sum (query half 1 against its first sub-key plus half 2
 *       against its second), which may be lower than any candidate's.
 * </ul>
 *
 * <p>Written on the command line as {@code --ablate L:ID,... [--ablate-mode remove|zero]
 * --ablate-layer L,... --force L:ID,...}; {@link #toString()} gives that form back and {@link
 * #parse(String)} reads it. The record knows nothing of the model: {@link #validateFor} checks
 * layers and slots against a configuration.
 *
 * @param ablated per layer, the slots to ablate
 * @param mode how ablated slots are ablated (REMOVE when there are none)
 * @param layersOff layers whose memory read is zeros
 * @param forced per layer, the slots forced into the selection
 */
public record Intervention(
    SortedMap<Integer, SortedSet<Integer>> ablated,
    Mode mode,
    SortedSet<Integer> layersOff,
    SortedMap<Integer, SortedSet<Integer>> forced) {

  /** How an ablated slot is ablated. */
  public enum Mode {
    /** Out of the gate's candidates: the next best candidate is selected instead. */
    REMOVE,
    /** Selected as before, its value read as zeros. */
    ZERO;

    /** {@code remove} or {@code zero}, in any case. */
    public static Mode parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ablation mode must be remove or zero, not '" + s + "'");
      }
    }
  }

  private static final Intervention NONE =
      new Intervention(new TreeMap<>(), Mode.REMOVE, new TreeSet<>(), new TreeMap<>());

  public Intervention {
    if (ablated == null || layersOff == null || forced == null) {
      throw new IllegalArgumentException("ablated, layersOff and forced must not be null");
    }
    ablated = copy(ablated, "ablated");
    forced = copy(forced, "forced");
    layersOff = Collections.unmodifiableSortedSet(new TreeSet<>(layersOff));
    for (int layer : layersOff) {
      if (layer < 0) {
        throw new IllegalArgumentException("layer (" + layer + ") must be >= 0");
      }
    }
    mode = ablated.isEmpty() || mode == null ? Mode.REMOVE : mode;
    for (Map.Entry<Integer, SortedSet<Integer>> e : forced.entrySet()) {
      SortedSet<Integer> both = new TreeSet<>(e.getValue());
      both.retainAll(ablated.getOrDefault(e.getKey(), Collections.emptySortedSet()));
      if (!both.isEmpty()) {
        throw new IllegalArgumentException(
            "slot " + e.getKey() + ":" + both.first() + " is both ablated and forced");
      }
    }
  }

  private static SortedMap<Integer, SortedSet<Integer>> copy(
      Map<Integer, ? extends java.util.Set<Integer>> slots, String what) {
    SortedMap<Integer, SortedSet<Integer>> out = new TreeMap<>();
    for (Map.Entry<Integer, ? extends java.util.Set<Integer>> e : slots.entrySet()) {
      int layer = e.getKey();
      if (layer < 0) {
        throw new IllegalArgumentException(what + ": layer (" + layer + ") must be >= 0");
      }
      for (int slot : e.getValue()) {
        if (slot < 0) {
          throw new IllegalArgumentException(
              what + ": slot " + layer + ":" + slot + " must be >= 0");
        }
      }
      if (!e.getValue().isEmpty()) {
        out.put(layer, Collections.unmodifiableSortedSet(new TreeSet<>(e.getValue())));
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }

  /** No intervention: the model as it is. */
  public static Intervention none() {
    return NONE;
  }

  /** Whether this changes nothing (passes then take exactly the plain code path). */
  public boolean isEmpty() {
    return ablated.isEmpty() && layersOff.isEmpty() && forced.isEmpty();
  }

  /** Every layer this touches, ascending. */
  public SortedSet<Integer> layers() {
    SortedSet<Integer> out = new TreeSet<>(ablated.keySet());
    out.addAll(layersOff);
    out.addAll(forced.keySet());
    return Collections.unmodifiableSortedSet(out);
  }

  /** Only the part of this that concerns {@code layer} (empty when it touches no other). */
  public Intervention onlyLayer(int layer) {
    return new Intervention(
        restrict(ablated, layer),
        mode,
        layersOff.contains(layer) ? new TreeSet<>(List.of(layer)) : new TreeSet<>(),
        restrict(forced, layer));
  }

  private static SortedMap<Integer, SortedSet<Integer>> restrict(
      SortedMap<Integer, SortedSet<Integer>> slots, int layer) {
    SortedMap<Integer, SortedSet<Integer>> out = new TreeMap<>();
    if (slots.containsKey(layer)) {
      out.put(layer, slots.get(layer));
    }
    return out;
  }

  /**
   * Checks every layer against {@code n_layers}, every slot against {@code knowledge_num}, and that
   * no layer forces more slots than it selects ({@code num_selected}).
   *
   * @throws IllegalArgumentException naming the offending value
   */
  public void validateFor(ModelConfig config) {
    for (int layer : layers()) {
      if (layer >= config.nLayers()) {
        throw new IllegalArgumentException(
            "layer "
                + layer
                + " does not exist: the model has n_layers "
                + config.nLayers()
                + " (layers 0.."
                + (config.nLayers() - 1)
                + ")");
      }
    }
    for (SortedMap<Integer, SortedSet<Integer>> slots : List.of(ablated, forced)) {
      for (Map.Entry<Integer, SortedSet<Integer>> e : slots.entrySet()) {
        int last = e.getValue().last();
        if (last >= config.knowledgeNum()) {
          throw new IllegalArgumentException(
              "slot "
                  + e.getKey()
                  + ":"
                  + last
                  + " does not exist: knowledge_num is "
                  + config.knowledgeNum()
                  + " (slots 0.."
                  + (config.knowledgeNum() - 1)
                  + ")");
        }
      }
    }
    for (Map.Entry<Integer, SortedSet<Integer>> e : forced.entrySet()) {
      if (e.getValue().size() > config.numSelected()) {
        throw new IllegalArgumentException(
            "layer "
                + e.getKey()
                + ": "
                + e.getValue().size()
                + " forced slots, but a layer"
                + " selects only num_selected "
                + config.numSelected());
      }
    }
  }

  /**
   * What one layer's pass does differently, or null when this leaves {@code layer} alone.
   *
   * @param removed slots out of the gate's candidates (REMOVE)
   * @param zeroed slots read as zeros (ZERO)
   * @param off every read of this layer is zeros
   * @param forced slots forced into the selection
   */
  public record Layer(int[] removed, int[] zeroed, boolean off, int[] forced) {}

  /** See {@link Layer}. */
  public Layer layer(int layer) {
    if (!layers().contains(layer)) {
      return null;
    }
    int[] slots = ints(ablated.get(layer));
    return new Layer(
        mode == Mode.REMOVE ? slots : new int[0],
        mode == Mode.ZERO ? slots : new int[0],
        layersOff.contains(layer),
        ints(forced.get(layer)));
  }

  private static int[] ints(SortedSet<Integer> s) {
    return s == null ? new int[0] : s.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * From the command line's option values, each null when not given: {@code ablate} and {@code
   * force} as {@code L:ID,L:ID,...}, {@code mode} {@code remove|zero}, {@code layersOff} as {@code
   * L,L,...}.
   */
  public static Intervention of(String ablate, String mode, String layersOff, String force) {
    return new Intervention(
        ablate == null ? new TreeMap<>() : slots(ablate, "--ablate"),
        mode == null ? Mode.REMOVE : Mode.parse(mode),
        layersOff == null ? new TreeSet<>() : layerList(layersOff, "--ablate-layer"),
        force == null ? new TreeMap<>() : slots(force, "--force"));
  }

  /**
   * Reads {@link #toString()}'s form: {@code none}, or options among {@code --ablate L:ID,...},
   * {@code --ablate-mode remove|zero}, {@code --ablate-layer L,...}, {@code --force L:ID,...} (each
   * at most once, in any order).
   */
  public static Intervention parse(String text) {
    String s = text.trim();
    if (s.isEmpty() || s.equals("none")) {
      return none();
    }
    String[] words = s.split("\\s+");
    if (words.length % 2 != 0) {
      throw new IllegalArgumentException("'" + s + "': each option needs one value");
    }
    Map<String, String> values = new TreeMap<>();
    for (int i = 0; i < words.length; i += 2) {
      String name = words[i];
      if (!List.of("--ablate", "--ablate-mode", "--ablate-layer", "--force").contains(name)) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' is not an intervention option (--ablate, --ablate-mode,"
                + " --ablate-layer, --force)");
      }
      if (values.put(name, words[i + 1]) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    return of(
        values.get("--ablate"),
        values.get("--ablate-mode"),
        values.get("--ablate-layer"),
        values.get("--force"));
  }

  /** {@code L:ID,L:ID,...} as slots per layer; {@code option} names the value in errors. */
  public static SortedMap<Integer, SortedSet<Integer>> slots(String text, String option) {
    SortedMap<Integer, SortedSet<Integer>> out = new TreeMap<>();
    for (String item : items(text, option)) {
      int colon = item.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            option + ": '" + item + "' must be LAYER:SLOT, e.g. 0:1234");
      }
      int layer = number(item.substring(0, colon), option, "layer", item);
      int slot = number(item.substring(colon + 1), option, "slot", item);
      out.computeIfAbsent(layer, l -> new TreeSet<>()).add(slot);
    }
    return out;
  }

  /** {@code L,L,...} as layers; {@code option} names the value in errors. */
  public static SortedSet<Integer> layerList(String text, String option) {
    SortedSet<Integer> out = new TreeSet<>();
    for (String item : items(text, option)) {
      out.add(number(item, option, "layer", item));
    }
    return out;
  }

  private static List<String> items(String text, String option) {
    List<String> out = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      String t = item.trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException(option + ": empty item in '" + text + "'");
      }
      out.add(t);
    }
    return out;
  }

  private static int number(String s, String option, String what, String item) {
    try {
      int n = Integer.parseInt(s.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + ": " + what + " '" + s + "' in '" + item + "' must be a whole number >= 0");
    }
  }

  /** The command-line form ({@code none} when empty); {@link #parse(String)} reads it back. */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    if (!ablated.isEmpty()) {
      parts.add("--ablate " + slotsText(ablated));
      if (mode != Mode.REMOVE) {
        parts.add("--ablate-mode " + mode.name().toLowerCase(Locale.ROOT));
      }
    }
    if (!layersOff.isEmpty()) {
      parts.add(
          "--ablate-layer " + String.join(",", layersOff.stream().map(String::valueOf).toList()));
    }
    if (!forced.isEmpty()) {
      parts.add("--force " + slotsText(forced));
    }
    return String.join(" ", parts);
  }

  private static String slotsText(SortedMap<Integer, SortedSet<Integer>> slots) {
    List<String> items = new ArrayList<>();
    slots.forEach((layer, set) -> set.forEach(slot -> items.add(layer + ":" + slot)));
    return String.join(",", items);
  }
}
