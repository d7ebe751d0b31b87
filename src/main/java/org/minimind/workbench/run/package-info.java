/**
 * Run directories: their layout ({@link org.minimind.workbench.run.RunDirectory}, the one class
 * that knows the file names), which checkpoint a path given as a model loads, checkpoint and
 * optimizer persistence, the lock held by the process writing a run, and recovery from a writer
 * killed mid-write. Used by the sessions, the command line and the window alike; depends on {@code
 * metrics}, {@code train} and {@code model}, never on {@code session}, {@code app} or {@code cli}.
 */
package org.minimind.workbench.run;
