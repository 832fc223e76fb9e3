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
        if (PrefixLine.isFolder(line)) {
          dirs.add(new Path(PrefixLine.folderUri(line)));
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

  /** Streams each parent's children as {@link PrefixLine}s; returns the folders written. */
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
            out.write(PrefixLine.folder(uri));
            dirs++;
          }
        } else if (fileName.matcher(child.getPath().getName()).matches()) {
          out.write(PrefixLine.file(child.getLen(), child.getModificationTime(), uri));
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
              out.write(PrefixLine.folder(LocalWalk.localUri(child)));
              dirs++;
            }
          } else if (attrs.isRegularFile() && fileName.matcher(name).matches()) {
            out.write(
                PrefixLine.file(
                    attrs.size(), attrs.lastModifiedTime().toMillis(), LocalWalk.localUri(child)));
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
      if (!PrefixLine.isFolder(line)) {
        return List.of(PrefixLine.fileRow(line)).iterator();
      }
      URI uri = PrefixLine.folderUri(line);
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
}
