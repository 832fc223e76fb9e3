package dev.oopslake.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distributed listing: what it finds, what it skips, and how far the driver descends. */
class ArchiveListingTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  static void touch(Path root, String relative) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, relative);
  }

  @Test
  void oneDateFolderIsExpandedToItsHostsAndMetadataFoldersAreSkipped() throws IOException {
    Path root = tmp.resolve("archive");
    for (String host : List.of("a", "b", "c")) {
      touch(root, "2026-11-20/" + host + "/10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt");
      touch(root, "2026-11-20/" + host + "/10.0.0.1-2026-11-20-01:02:03/vmcore.flat");
    }
    touch(root, "vmcore-dmesg.txt.gz");
    touch(root, "2026-11-20/_temporary/0/vmcore-dmesg.txt");
    touch(root, "2026-11-20/a/.staging/vmcore-dmesg.txt");
    String scratch = tmp.resolve("scratch").toUri().toString().replaceAll("/$", "");

    List<String> paths =
        ArchiveListing.list(
                spark, root.toUri().toString(), Pattern.compile("vmcore-dmesg.*"), scratch, 3)
            .select("path")
            .as(Encoders.STRING())
            .collectAsList()
            .stream()
            .map(p -> p.substring(p.indexOf("/archive/") + "/archive/".length()))
            .sorted()
            .toList();

    assertThat(paths)
        .as("every dmesg file once; other names, _temporary and .staging skipped")
        .containsExactly(
            "2026-11-20/a/10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt",
            "2026-11-20/b/10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt",
            "2026-11-20/c/10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt",
            "vmcore-dmesg.txt.gz");
    assertThat(paths.get(0)).as("colons kept").contains("01:02:03");
    List<String> level1 = Files.readAllLines(tmp.resolve("scratch/prefixes-1.txt"));
    assertThat(level1)
        .as("one date folder is fewer than 3 prefixes: the driver lists one level deeper")
        .filteredOn(l -> l.startsWith("D "))
        .hasSize(3)
        .allMatch(l -> l.contains("/2026-11-20/"));
    assertThat(Files.exists(tmp.resolve("scratch/prefixes-2.txt")))
        .as("three hosts are enough: no deeper")
        .isFalse();
  }

  @Test
  void canonicalUrisAreTheSameForEverySpelling() {
    assertThat(
            ArchiveListing.canonical(
                new org.apache.hadoop.fs.Path(java.net.URI.create("file:///x/a:b/f"))))
        .isEqualTo(
            ArchiveListing.canonical(
                new org.apache.hadoop.fs.Path(java.net.URI.create("file:/x/a:b/f"))))
        .isEqualTo("file:/x/a:b/f");
    assertThat(
            ArchiveListing.canonical(
                new org.apache.hadoop.fs.Path(
                    java.net.URI.create("s3a://bucket/k/10.0.0.1-2026-11-20-01:02:03/f"))))
        .isEqualTo("s3a://bucket/k/10.0.0.1-2026-11-20-01:02:03/f");
  }
}
