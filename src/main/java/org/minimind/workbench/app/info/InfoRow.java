package org.minimind.workbench.app.info;

/**
 * One line of the model view's tables.
 *
 * @param name what ("dim", "memory_bank")
 * @param value its value ("64", "16,384 (13.9%)")
 * @param note what it means
 */
public record InfoRow(String name, String value, String note) {}
