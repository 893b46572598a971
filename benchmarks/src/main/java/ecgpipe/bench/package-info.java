/**
 * JMH benchmarks of the stages' hot paths, one sub-package per stage ({@code convert}, {@code analyze}).
 * Inputs are made by the project's synthetic generator, or read from {@code MITDB_DIR} when a benchmark says so.
 */
package ecgpipe.bench;
