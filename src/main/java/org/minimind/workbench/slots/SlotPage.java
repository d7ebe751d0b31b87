package org.minimind.workbench.slots;

import java.util.List;
import java.util.Optional;

/**
 * Everything a page about one slot shows, from a {@link SlotReport}.
 *
 * @param slot the index's statistics and contexts
 * @param contexts those contexts as text, best first
 * @param counts its selection count in each snapshot of training, oldest first (empty when the run
 *     recorded none)
 * @param drift its latest L2 change over a logging interval, when the run recorded one
 * @param tokenIds for a token-memory model: its ids at each checkpoint found, oldest first (empty
 *     for the continuous memory)
 * @param notes what could not be shown and why, one line each
 */
public record SlotPage(
    IndexedSlot slot,
    List<ContextText> contexts,
    List<SlotReport.CountPoint> counts,
    Optional<SlotReport.DriftPoint> drift,
    List<SlotReport.TokenIdsAt> tokenIds,
    List<String> notes) {}
