package dev.oopslake.generate;

import java.nio.file.Path;

/**
 * What a generation run wrote.
 *
 * @param files vmcore-dmesg files written
 * @param crashFiles files holding at least one crash report (the rest are clean boot logs)
 * @param gzipFiles files written gzipped
 * @param uncompressedBytes total size of the files' text
 * @param writtenBytes total size on disk (gzipped files counted compressed)
 * @param groundTruth the {@code ground_truth.csv} written beside the hosts' folders
 */
public record GenerationResult(
    int files,
    int crashFiles,
    int gzipFiles,
    long uncompressedBytes,
    long writtenBytes,
    Path groundTruth) {}
