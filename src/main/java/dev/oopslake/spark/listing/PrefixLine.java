package dev.oopslake.spark.listing;

import java.net.URI;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One line of the prefix file the driver writes for the executors ({@link ArchiveListing#list}): a
 * folder to list, {@code D uri}, or a file seen on the way, {@code F size mtime uri}. URIs are
 * quoted ({@link ArchiveListing#canonical}), so a line never holds a raw space or line break of a
 * path, and the URI comes last.
 */
final class PrefixLine {
  private PrefixLine() {}

  static String folder(String uri) {
    return "D " + uri + "\n";
  }

  static String file(long size, long mtime, String uri) {
    return "F " + size + " " + mtime + " " + uri + "\n";
  }

  static boolean isFolder(String line) {
    return line.startsWith("D ");
  }

  /** The folder's URI of a {@code D} line. */
  static URI folderUri(String line) {
    return URI.create(line.substring(2));
  }

  /** The listing row ({@link ArchiveListing#SCHEMA}) of an {@code F} line. */
  static Row fileRow(String line) {
    String[] f = line.split(" ", 4);
    return RowFactory.create(f[3], Long.parseLong(f[1]), Long.parseLong(f[2]));
  }
}
