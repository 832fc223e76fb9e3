/**
 * The sample-archive generator: writes a kdump-layout archive of vmcore-dmesg files with a ground
 * truth of which bug each file's first crash is. Plain Java, no Spark.
 *
 * <p>Data lives in {@code src/main/resources/generate/}: {@code kernels.yaml} (kernel families,
 * their builds and printing habits, and the entry paths each kernel generation prints), {@code
 * hardware.yaml} (machines) and {@code catalog.yaml} (report shapes per kernel generation, and the
 * bugs: the two seed cases verbatim, the others as frames and parameters). {@link
 * dev.oopslake.generate.Catalog} loads and cross-checks them.
 *
 * <p>Flow: {@link dev.oopslake.generate.ArchivePlanner} decides every file from the seed
 * (sequential, cheap); {@link dev.oopslake.generate.ArchiveGenerator} renders files in parallel,
 * each from its own random stream, through {@link dev.oopslake.generate.BootLog} (the log before
 * the crash) and {@link dev.oopslake.generate.ReportRenderer} (the reports), onto a {@link
 * dev.oopslake.generate.ConsoleBuffer} (timestamps, CPU column, caller ids, line ends). Variation
 * per bug comes from the build (offsets, inlining, clone suffixes are functions of the release),
 * the entry path drawn per crash, and unreliable {@code ?} frames drawn per print.
 *
 * <p>With real logs ({@code generate --corpus DIR}): {@link
 * dev.oopslake.generate.CorpusArchiveGenerator} draws one of the directory's logs per file, writes
 * a generated boot log before it and rewrites the log through {@link
 * dev.oopslake.generate.LogVariation} (timestamps, addresses, PIDs, CPUs, builds, inlining,
 * unreliable frames). The logs are read at run time and never copied into the project.
 */
package dev.oopslake.generate;
