/**
 * Turning one archived file into log bytes, without Spark: content-detected decompression with a
 * size cap ({@link dev.oopslake.archive.ContentReader}), and the host, IP and crash time a file's
 * path carries ({@link dev.oopslake.archive.PathLayout}). The Spark glue in {@code
 * dev.oopslake.spark} moves files in and rows out around these.
 */
package dev.oopslake.archive;
