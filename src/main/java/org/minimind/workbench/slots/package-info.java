/**
 * What a memory slot holds and does: slot index, slot reports, interventions. Headless (no
 * toolkit); the window and the command line build on it.
 */
package org.minimind.workbench.slots;
