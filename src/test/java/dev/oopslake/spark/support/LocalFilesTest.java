package dev.oopslake.spark.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.spark.Sessions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code file://} through {@link LocalFiles} leaves the same files, modes and checksums. */
class LocalFilesTest {
  @TempDir java.nio.file.Path tmp;

  private static FileSystem fs(Class<? extends FileSystem> impl) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set(LocalFiles.SETTING, impl.getName());
    conf.set("fs.permissions.umask-mode", "027");
    return FileSystem.newInstance(URI.create("file:///"), conf);
  }

  private static String mode(java.nio.file.Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Creates a folder with a file in it under {@code root}; returns the file. */
  private static java.nio.file.Path write(FileSystem fs, java.nio.file.Path root)
      throws IOException {
    Path dir = new Path(root.toUri().toString() + "/a/b");
    assertThat(fs.mkdirs(dir)).isTrue();
    Path file = new Path(dir, "data.txt");
    try (FSDataOutputStream out = fs.create(file, false)) {
      out.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    return root.resolve("a/b/data.txt");
  }

  @Test
  void modesAndChecksumsAreHadoopsOwn() throws IOException {
    try (FileSystem ours = fs(LocalFiles.class);
        FileSystem hadoops = fs(LocalFileSystem.class)) {
      assertThat(ours).isInstanceOf(LocalFiles.class);
      java.nio.file.Path mine = write(ours, tmp.resolve("ours"));
      java.nio.file.Path theirs = write(hadoops, tmp.resolve("hadoops"));
      assertThat(mode(mine)).isEqualTo(mode(theirs)).isEqualTo("rw-r-----");
      assertThat(mode(mine.getParent())).isEqualTo(mode(theirs.getParent()));
      assertThat(mode(mine.getParent())).isEqualTo("rwxr-x---");
      assertThat(mine.resolveSibling(".data.txt.crc")).exists();
      assertThat(Files.readString(mine)).isEqualTo("hello");
    }
  }

  @Test
  void setPermissionSetsEveryBit() throws IOException {
    try (FileSystem ours = fs(LocalFiles.class)) {
      java.nio.file.Path file = write(ours, tmp);
      Path p = new Path(file.toUri());
      ours.setPermission(p, new FsPermission((short) 0754));
      assertThat(mode(file)).isEqualTo("rwxr-xr--");
      ours.setPermission(p, new FsPermission((short) 0600));
      assertThat(mode(file)).isEqualTo("rw-------");
      assertThat(ours.getFileStatus(p).getPermission().toShort()).isEqualTo((short) 0600);
    }
  }

  @Test
  void localJobSessionsUseItUnlessConfiguredOtherwise() throws IOException {
    String key = "spark.hadoop." + LocalFiles.SETTING;
    assertThat(Sessions.settings(java.util.Map.of("spark.x", "1"), true))
        .containsEntry(key, LocalFiles.class.getName())
        .containsEntry("spark.x", "1");
    assertThat(
            Sessions.settings(java.util.Map.of(key, "org.apache.hadoop.fs.LocalFileSystem"), true))
        .containsEntry(key, "org.apache.hadoop.fs.LocalFileSystem");
    assertThat(Sessions.settings(java.util.Map.of("spark.x", "1"), false))
        .containsOnlyKeys("spark.x");
    SparkSession spark = dev.oopslake.spark.SharedSpark.get();
    assertThat(FileSystem.get(URI.create("file:///"), spark.sparkContext().hadoopConfiguration()))
        .isInstanceOf(LocalFiles.class);
  }
}
