package dev.oopslake.spark.listing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The local file system's walk, with java.nio: one directory read and one stat per entry. Hadoop's
 * local listing stats every child several times and builds a qualified Path for each (most of the
 * listing's time), and its {@code listFiles} forks an {@code ls} per file for permissions when
 * Hadoop's native library is missing.
 */
final class LocalWalk implements Iterator<Row> {
  private final Pattern fileName;
  // Open directory streams, deepest first; each is closed as soon as it is exhausted.
  private final java.util.ArrayDeque<java.nio.file.DirectoryStream<java.nio.file.Path>> open =
      new java.util.ArrayDeque<>();
  private final java.util.ArrayDeque<Iterator<java.nio.file.Path>> stack =
      new java.util.ArrayDeque<>();
  private Row next;

  LocalWalk(java.nio.file.Path root, Pattern fileName) {
    this.fileName = fileName;
    push(root);
  }

  private void push(java.nio.file.Path dir) {
    try {
      java.nio.file.DirectoryStream<java.nio.file.Path> entries =
          java.nio.file.Files.newDirectoryStream(dir);
      open.push(entries);
      stack.push(entries.iterator());
    } catch (java.nio.file.NoSuchFileException e) {
      // Removed since the driver saw it: nothing to list.
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + dir, e);
    }
  }

  @Override
  public boolean hasNext() {
    while (next == null && !stack.isEmpty()) {
      Iterator<java.nio.file.Path> top = stack.peek();
      if (!top.hasNext()) {
        stack.pop();
        close(open.pop());
        continue;
      }
      java.nio.file.Path entry = top.next();
      java.nio.file.attribute.BasicFileAttributes attrs = attributes(entry);
      if (attrs == null) {
        continue;
      }
      if (attrs.isDirectory()) {
        if (!ArchiveListing.hidden(entry.getFileName().toString())) {
          push(entry);
        }
      } else {
        next = fileRow(entry, attrs, fileName);
      }
    }
    return next != null;
  }

  /**
   * The entry's attributes (one stat; a symlink takes a second), or null when it was deleted while
   * listing or is a symlink to a folder it sits in (a loop: following it would list the same files
   * again and again). A symlink that cannot be followed (a loop of links, a dangling link) lists as
   * an empty file, so the read step accounts for it as rejected with the reason.
   */
  static java.nio.file.attribute.BasicFileAttributes attributes(java.nio.file.Path entry) {
    java.nio.file.attribute.BasicFileAttributes own;
    try {
      own =
          java.nio.file.Files.readAttributes(
              entry,
              java.nio.file.attribute.BasicFileAttributes.class,
              java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + entry, e);
    }
    if (!own.isSymbolicLink()) {
      return own;
    }
    java.nio.file.attribute.BasicFileAttributes target;
    try {
      target =
          java.nio.file.Files.readAttributes(
              entry, java.nio.file.attribute.BasicFileAttributes.class);
      if (target.isDirectory() && entry.getParent().toRealPath().startsWith(entry.toRealPath())) {
        return null;
      }
    } catch (IOException e) {
      return new UnfollowableLink(own);
    }
    return target;
  }

  /** A symlink whose target cannot be reached, listed as an empty regular file. */
  private record UnfollowableLink(java.nio.file.attribute.BasicFileAttributes link)
      implements java.nio.file.attribute.BasicFileAttributes {
    @Override
    public java.nio.file.attribute.FileTime lastModifiedTime() {
      return link.lastModifiedTime();
    }

    @Override
    public java.nio.file.attribute.FileTime lastAccessTime() {
      return link.lastAccessTime();
    }

    @Override
    public java.nio.file.attribute.FileTime creationTime() {
      return link.creationTime();
    }

    @Override
    public boolean isRegularFile() {
      return true;
    }

    @Override
    public boolean isDirectory() {
      return false;
    }

    @Override
    public boolean isSymbolicLink() {
      return false;
    }

    @Override
    public boolean isOther() {
      return false;
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public Object fileKey() {
      return null;
    }
  }

  /** The listing row of a regular file whose name matches, or null. */
  static Row fileRow(
      java.nio.file.Path entry,
      java.nio.file.attribute.BasicFileAttributes attrs,
      Pattern fileName) {
    return attrs.isRegularFile() && fileName.matcher(entry.getFileName().toString()).matches()
        ? RowFactory.create(localUri(entry), attrs.size(), attrs.lastModifiedTime().toMillis())
        : null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row row = next;
    next = null;
    return row;
  }

  private static void close(java.nio.file.DirectoryStream<java.nio.file.Path> entries) {
    try {
      entries.close();
    } catch (IOException e) {
      // a directory handle opened for reading: nothing is lost
    }
  }

  /** The same spelling {@link ArchiveListing#canonical} gives the Hadoop path of this file. */
  static String localUri(java.nio.file.Path file) {
    String path = file.toAbsolutePath().toString();
    if (plain(path)) {
      return "file:" + path; // what the constructor below gives when nothing needs quoting
    }
    try {
      return new URI("file", null, path, null, null).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a valid path: " + file, e);
    }
  }

  /** Whether a URI path component keeps {@code path} as it is: ASCII that needs no quoting. */
  static boolean plain(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "/-._~:@!$&'()*+,;=".indexOf(c) >= 0;
      if (!ok || (c == '/' && i > 0 && path.charAt(i - 1) == '/')) {
        return false;
      }
    }
    return true;
  }
}
