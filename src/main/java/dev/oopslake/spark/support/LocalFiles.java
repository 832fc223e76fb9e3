package dev.oopslake.spark.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file://}) with permissions set through {@code java.nio}.
 * Without Hadoop's native library (the Maven artifacts do not carry it) {@link RawLocalFileSystem}
 * sets the permission of every file and folder it creates by forking {@code chmod}: an Iceberg
 * commit creates several files, and a nightly into a local lake forked it 244 times. Everything
 * else, the checksum files included, is Hadoop's.
 */
public final class LocalFiles extends LocalFileSystem {
  /** The Hadoop setting that makes {@code file://} this class. */
  public static final String SETTING = "fs.file.impl";

  public LocalFiles() {
    super(new Raw());
  }

  /** The raw local file system, {@code chmod} without a process. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission); // java.nio cannot set it
        return;
      }
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
    }
  }

  /** The mode as java.nio spells it ("rwxr-x---"); each action's symbol is its rwx triple. */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    return PosixFilePermissions.fromString(
        permission.getUserAction().SYMBOL
            + permission.getGroupAction().SYMBOL
            + permission.getOtherAction().SYMBOL);
  }
}
