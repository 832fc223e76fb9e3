package dev.oopslake.spark.listing;

import dev.oopslake.spark.support.HadoopConf;
import dev.oopslake.spark.support.PartitionJobs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Lists an archive of millions of files without ever holding their statuses on the driver.
 *
 * <p>The driver walks only the top of the tree — the root's children, and one more level while
 * there are fewer folders than {@code minPrefixes} (so a single date folder still fans out to its
 * hosts) — and streams what it sees, one line each, into a text file under the lake's {@code _tmp}.
 * Executors then list each folder recursively in parallel ({@code listFiles(dir, true)}: one flat
 * paged LIST per prefix on S3) and emit the file rows. Driver memory is one folder's directory
 * iterator page, whatever the archive's size.
 *
 * <p>Paths travel as URI strings and are rebuilt with {@code new Path(URI)}: kdump folder names
 * such as {@code 10.0.0.1-2024-03-05-12:00:07} hold colons that {@code new Path(String)} rejects.
 */
public final class ArchiveListing {
  private ArchiveListing() {}

  /** The listing handed to the read stage: one row per input file. */
  public static final StructType SCHEMA =
      new StructType()
          .add("path", DataTypes.StringType, false)
          .add("size", DataTypes.LongType, false)
          .add("mtime", DataTypes.LongType, false);

  /** Levels the driver descends at most before handing folders to the executors. */
  private static final int MAX_DRIVER_DEPTH = 3;

  private static final String FILE = "F";
  private static final String DIR = "D";

  /**
   * A distributed listing (rows of {@link #SCHEMA}) of every file under {@code root} whose name
   * matches {@code fileName}.
   *
   * @param scratch a directory (under the lake) for the prefix file; the caller deletes it
   * @param minPrefixes how many folders to aim for before listing moves to the executors
   */
  public static JavaRDD<Row> list(
      SparkSession spark, String root, Pattern fileName, String scratch, int minPrefixes) {
    HadoopConf conf = HadoopConf.broadcast(spark);
    Path rootPath = new Path(URI.create(root));
    try {
      FileSystem fs = rootPath.getFileSystem(conf.get());
      if (!fs.exists(rootPath)) {
        throw new IllegalArgumentException("input " + root + " does not exist");
      }
      Path prefixes = new Path(URI.create(scratch + "/prefixes-0.txt"));
      // The prefix files go to the lake's scratch folder through its own file system: the archive
      // (s3a://) and the lake (a local --lake DIR) are often on different ones, and the archive's
      // refused the scratch path ("Wrong FS"), failing every such run (ObjectStoreArchiveIT).
      FileSystem scratchFs = prefixes.getFileSystem(conf.get());
      int dirs = writeLevel(fs, List.of(rootPath).iterator(), scratchFs, prefixes, fileName);
      for (int depth = 1; dirs > 0 && dirs < minPrefixes && depth < MAX_DRIVER_DEPTH; depth++) {
        // Few folders at this level (e.g. one date folder): expand one more level on the driver.
        Path next = new Path(URI.create(scratch + "/prefixes-" + depth + ".txt"));
        dirs = expand(fs, scratchFs, prefixes, next, fileName);
        prefixes = next;
      }
      int partitions =
          Math.max(1, Math.min(Math.max(dirs, 1), spark.sparkContext().defaultParallelism() * 4));
      // Split by bytes into the wanted number of tasks: no shuffle, and no query plan to compile.
      return PartitionJobs.flatMap(
          PartitionJobs.textLines(spark.sparkContext(), prefixes.toUri().toString(), partitions),
          new ListPrefix(conf, fileName));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /**
   * Whether {@link #walk} lists {@code root} for this session: a local archive under embedded
   * Spark, whose executors are this JVM's own threads on the same disk. A listing job there costs
   * more in task set-up and JIT warm-up than walking the tree (docs/benchmarks.md). On a cluster,
   * and on object stores, the executors list prefixes in parallel ({@link #list}).
   */
  public static boolean walksOnDriver(SparkSession spark, String root) {
    return spark.sparkContext().isLocal() && "file".equals(URI.create(root).getScheme());
  }

  /**
   * Every file under the local {@code root} whose name matches {@code fileName}, as {@link #list}'s
   * rows, from {@code walkers} iterators meant for as many threads: the root's entries are dealt
   * out one at a time to whichever walker asks next, and each walks its entry depth-first (memory:
   * one open folder per level per walker). A root that is a file lists itself.
   */
  public static List<Iterator<Row>> walk(String root, Pattern fileName, int walkers) {
    java.nio.file.Path path = java.nio.file.Path.of(URI.create(root).getPath());
    if (!java.nio.file.Files.exists(path)) {
      throw new IllegalArgumentException("input " + root + " does not exist");
    }
    Iterator<java.nio.file.Path> entries;
    java.io.Closeable closing;
    if (java.nio.file.Files.isDirectory(path)) {
      try {
        java.nio.file.DirectoryStream<java.nio.file.Path> children =
            java.nio.file.Files.newDirectoryStream(path);
        entries = children.iterator();
        closing = children;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + root, e);
      }
    } else {
      entries = List.of(path).iterator();
      closing = () -> {};
    }
    Shared shared = new Shared(entries, closing, walkers);
    List<Iterator<Row>> out = new ArrayList<>();
    for (int k = 0; k < walkers; k++) {
      out.add(new Walker(shared, fileName));
    }
    return out;
  }

  /** The root's entries, handed out under a lock; closed when the last walker is done. */
  private static final class Shared {
    private final Iterator<java.nio.file.Path> entries;
    private final java.io.Closeable closing;
    private int running;

    Shared(Iterator<java.nio.file.Path> entries, java.io.Closeable closing, int walkers) {
      this.entries = entries;
      this.closing = closing;
      this.running = walkers;
    }

    synchronized java.nio.file.Path next() {
      if (entries.hasNext()) {
        return entries.next();
      }
      if (--running == 0) {
        close();
      }
      return null;
    }

    /** Closes the root's folder at once: a walker failed, and the run with it. */
    synchronized void abort() {
      running = -1;
      close();
    }

    private void close() {
      try {
        closing.close();
      } catch (IOException e) {
        // a directory handle opened for reading: nothing is lost
      }
    }
  }

  /** One walker: takes the root's next entry whenever it has walked the one before. */
  private static final class Walker implements Iterator<Row> {
    private final Shared shared;
    private final Pattern fileName;
    private Iterator<Row> current = java.util.Collections.emptyIterator();
    private boolean done;

    Walker(Shared shared, Pattern fileName) {
      this.shared = shared;
      this.fileName = fileName;
    }

    @Override
    public boolean hasNext() {
      try {
        while (!done && !current.hasNext()) {
          java.nio.file.Path entry = shared.next();
          if (entry == null) {
            done = true;
          } else {
            current = entry(entry);
          }
        }
        return !done;
      } catch (RuntimeException e) {
        shared.abort();
        throw e;
      }
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    /** As {@link #writeLocalChildren} sees a child of the root: a folder to walk, or a file. */
    private Iterator<Row> entry(java.nio.file.Path entry) {
      java.nio.file.attribute.BasicFileAttributes attrs = LocalWalk.attributes(entry);
      if (attrs != null && attrs.isDirectory()) {
        return hidden(entry.getFileName().toString())
            ? java.util.Collections.emptyIterator()
            : new LocalWalk(entry, fileName);
      }
      Row file = attrs == null ? null : LocalWalk.fileRow(entry, attrs, fileName);
      return file == null ? java.util.Collections.emptyIterator() : List.of(file).iterator();
    }
  }

  /**
   * Re-reads the previous level's prefix file (on {@code scratchFs}) and writes the next level,
   * listing the folders on {@code fs}; returns folders seen.
   */
  private static int expand(
      FileSystem fs, FileSystem scratchFs, Path previous, Path next, Pattern fileName)
      throws IOException {
    List<Path> dirs = new ArrayList<>();
    List<String> files = new ArrayList<>();
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(scratchFs.open(previous), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        // Only reached while the level holds fewer than minPrefixes folders: small by construction.
        if (line.startsWith(DIR)) {
          dirs.add(new Path(URI.create(line.substring(2))));
        } else {
          files.add(line);
        }
      }
    }
    try (Writer out = writer(scratchFs, next)) {
      for (String file : files) {
        out.write(file);
        out.write('\n');
      }
      return writeChildren(fs, dirs.iterator(), out, fileName);
    }
  }

  private static int writeLevel(
      FileSystem fs, Iterator<Path> parents, FileSystem scratchFs, Path out, Pattern fileName)
      throws IOException {
    try (Writer w = writer(scratchFs, out)) {
      return writeChildren(fs, parents, w, fileName);
    }
  }

  /** Streams each parent's children as lines: {@code F size mtime uri} or {@code D uri}. */
  private static int writeChildren(
      FileSystem fs, Iterator<Path> parents, Writer out, Pattern fileName) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      return writeLocalChildren(parents, out, fileName);
    }
    int dirs = 0;
    while (parents.hasNext()) {
      RemoteIterator<FileStatus> children = fs.listStatusIterator(parents.next());
      while (children.hasNext()) {
        FileStatus child = children.next();
        String uri = canonical(child.getPath());
        if (child.isDirectory()) {
          if (!hidden(child.getPath().getName())) {
            out.write(DIR + " " + uri + "\n");
            dirs++;
          }
        } else if (fileName.matcher(child.getPath().getName()).matches()) {
          out.write(
              FILE + " " + child.getLen() + " " + child.getModificationTime() + " " + uri + "\n");
        }
      }
    }
    return dirs;
  }

  /**
   * {@link #writeChildren} on the local file system, through java.nio like {@link LocalWalk}:
   * Hadoop's local listing stats every child and wraps each in a status object the walk never
   * needs.
   */
  private static int writeLocalChildren(Iterator<Path> parents, Writer out, Pattern fileName)
      throws IOException {
    int dirs = 0;
    while (parents.hasNext()) {
      java.nio.file.Path parent = java.nio.file.Path.of(parents.next().toUri().getPath());
      // Hadoop lists a file as itself: an input naming one file still reads that file.
      Iterable<java.nio.file.Path> entries =
          java.nio.file.Files.isDirectory(parent)
              ? java.nio.file.Files.newDirectoryStream(parent)
              : List.of(parent);
      try (var closing = entries instanceof java.io.Closeable c ? c : null) {
        for (java.nio.file.Path child : entries) {
          java.nio.file.attribute.BasicFileAttributes attrs = LocalWalk.attributes(child);
          if (attrs == null) {
            continue; // deleted while listing, or a symlink looping back to a folder above
          }
          String name = child.getFileName().toString();
          if (attrs.isDirectory()) {
            if (!hidden(name)) {
              out.write(DIR + " " + LocalWalk.localUri(child) + "\n");
              dirs++;
            }
          } else if (attrs.isRegularFile() && fileName.matcher(name).matches()) {
            out.write(
                FILE
                    + " "
                    + attrs.size()
                    + " "
                    + attrs.lastModifiedTime().toMillis()
                    + " "
                    + LocalWalk.localUri(child)
                    + "\n");
          }
        }
      }
    }
    return dirs;
  }

  private static Writer writer(FileSystem fs, Path path) throws IOException {
    return new BufferedWriter(
        new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8));
  }

  /**
   * The one spelling of a file's URI, used as its key in the lake: {@code file:///x} and {@code
   * file:/x} (local listings give either) both become {@code file:/x}, so a listing and a manifest
   * name a file the same way.
   */
  public static String canonical(Path path) {
    URI u = path.toUri();
    String authority =
        u.getAuthority() == null || u.getAuthority().isEmpty() ? null : u.getAuthority();
    try {
      return new URI(u.getScheme(), authority, u.getPath(), null, null).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a valid path: " + path, e);
    }
  }

  /** Folders Hadoop and Spark treat as metadata ({@code _temporary}, {@code .staging}). */
  static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /** Executor side: one prefix line → the file rows under it, streamed. */
  static final class ListPrefix implements FlatMapFunction<String, Row> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final Pattern fileName;

    ListPrefix(HadoopConf conf, Pattern fileName) {
      this.conf = conf;
      this.fileName = fileName;
    }

    @Override
    public Iterator<Row> call(String line) throws IOException {
      if (line.startsWith(FILE)) {
        String[] f = line.split(" ", 4);
        return List.of(RowFactory.create(f[3], Long.parseLong(f[1]), Long.parseLong(f[2])))
            .iterator();
      }
      URI uri = URI.create(line.substring(2));
      if ("file".equals(uri.getScheme())) {
        // Straight to the walk: a file system lookup per prefix (a user lookup inside) was a
        // visible part of listing 20,000 kdump folders.
        return new LocalWalk(java.nio.file.Path.of(uri.getPath()), fileName);
      }
      Path dir = new Path(uri);
      FileSystem fs = dir.getFileSystem(conf.get());
      RemoteIterator<? extends FileStatus> files = fs.listFiles(dir, true);
      return new Iterator<>() {
        private Row next;

        @Override
        public boolean hasNext() {
          try {
            while (next == null && files.hasNext()) {
              FileStatus st = files.next();
              if (st.isFile()
                  && fileName.matcher(st.getPath().getName()).matches()
                  && !underHidden(dir, st.getPath())) {
                next =
                    RowFactory.create(
                        canonical(st.getPath()), st.getLen(), st.getModificationTime());
              }
            }
            return next != null;
          } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
          }
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
      };
    }

    /** Whether a folder between {@code dir} and the file is metadata (e.g. {@code _temporary}). */
    private static boolean underHidden(Path dir, Path file) {
      String base = dir.toUri().getPath();
      String path = file.toUri().getPath();
      if (!path.startsWith(base)) {
        return false;
      }
      String[] segments = path.substring(base.length()).split("/");
      for (int i = 0; i < segments.length - 1; i++) {
        if (!segments[i].isEmpty() && hidden(segments[i])) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The local file system's walk, with java.nio: one directory read and one stat per entry.
   * Hadoop's local listing stats every child several times and builds a qualified Path for each
   * (most of the listing's time), and its {@code listFiles} forks an {@code ls} per file for
   * permissions when Hadoop's native library is missing.
   */
  static final class LocalWalk implements Iterator<Row> {
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
          if (!hidden(entry.getFileName().toString())) {
            push(entry);
          }
        } else {
          next = fileRow(entry, attrs, fileName);
        }
      }
      return next != null;
    }

    /**
     * The entry's attributes (one stat; a symlink takes a second), or null when it was deleted
     * while listing or is a symlink to a folder it sits in (a loop: following it would list the
     * same files again and again). A symlink that cannot be followed (a loop of links, a dangling
     * link) lists as an empty file, so the read step accounts for it as rejected with the reason.
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

    /** The same spelling {@link #canonical} gives the Hadoop path of this file. */
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
}
