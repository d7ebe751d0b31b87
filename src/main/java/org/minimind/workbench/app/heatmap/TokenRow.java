package org.minimind.workbench.app.heatmap;

import java.util.List;

/**
 * One token of a traced prompt, as the token x slot table shows it.
 *
 * @param position index in the prompt
 * @param id token id
 * @param piece the token as text
 * @param layers per layer, the selected slots with their scores ("1234 .31 877 .22")
 */
public record TokenRow(int position, int id, String piece, List<String> layers) {}
