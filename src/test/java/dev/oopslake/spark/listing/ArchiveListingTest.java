package dev.oopslake.spark.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
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
            .map(r -> r.getString(0))
            .collect()
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

  @Test
  void theLocalWalkNamesFilesAsHadoopDoesAndSkipsMetadataFolders() throws IOException {
    Path root = tmp.resolve("walk");
    // Names a kdump archive really has (colons), and ones URIs must escape (space, percent, %20,
    // non-ASCII): the incremental state matches on these strings, so both listings must agree.
    List<String> files =
        List.of(
            "10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt",
            "host with space/100%/vmcore-dmesg.txt",
            "h%20x/vmcore-dmesg.txt.gz",
            "h\u00f6st/vmcore-dmesg.txt");
    for (String f : files) {
      touch(root, f);
    }
    touch(root, "_temporary/0/vmcore-dmesg.txt");
    touch(root, "a/.staging/vmcore-dmesg.txt");
    touch(root, "a/vmcore.flat");

    List<String> walked = new java.util.ArrayList<>();
    long[] sizes = new long[1];
    new LocalWalk(root, Pattern.compile("vmcore-dmesg.*"))
        .forEachRemaining(
            r -> {
              walked.add(r.getString(0));
              sizes[0] += r.getLong(1);
            });

    org.apache.hadoop.fs.FileSystem fs =
        org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    List<String> hadoop = new java.util.ArrayList<>();
    for (String f : files) {
      org.apache.hadoop.fs.Path dir =
          new org.apache.hadoop.fs.Path(root.resolve(f).getParent().toUri());
      for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(dir)) {
        if (st.isFile() && st.getPath().getName().startsWith("vmcore-dmesg")) {
          hadoop.add(ArchiveListing.canonical(st.getPath()));
        }
      }
    }
    assertThat(walked)
        .as("same URI spelling as Hadoop's listing, metadata folders and other names skipped")
        .containsExactlyInAnyOrderElementsOf(hadoop)
        .hasSize(files.size());
    assertThat(sizes[0])
        .as("sizes are the files' lengths")
        .isEqualTo(
            files.stream()
                .mapToLong(f -> f.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .sum());
  }

  @Test
  void theWholeLocalListingNamesFilesAsHadoopDoesAtEveryLevel() throws IOException {
    Path root = tmp.resolve("levels");
    // Files the driver sees (root level) and ones the executors walk, with names URIs escape.
    List<String> files =
        List.of(
            "vmcore-dmesg.txt",
            "h%20x/vmcore-dmesg.txt.gz",
            "host with space/10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt",
            "h\u00f6st/100%/vmcore-dmesg.txt");
    for (String f : files) {
      touch(root, f);
    }
    touch(root, "_temporary/vmcore-dmesg.txt");
    String scratch = tmp.resolve("levels-scratch").toUri().toString().replaceAll("/$", "");

    List<String> listed =
        ArchiveListing.list(
                spark, root.toUri().toString(), Pattern.compile("vmcore-dmesg.*"), scratch, 1)
            .map(r -> r.getString(0))
            .collect();

    org.apache.hadoop.fs.FileSystem fs =
        org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    List<String> hadoop = new java.util.ArrayList<>();
    for (String f : files) {
      hadoop.add(
          ArchiveListing.canonical(
              fs.getFileStatus(new org.apache.hadoop.fs.Path(root.resolve(f).toUri())).getPath()));
    }
    assertThat(listed)
        .as("each file once, spelled as Hadoop spells it")
        .containsExactlyInAnyOrderElementsOf(hadoop);

    String one = root.resolve("vmcore-dmesg.txt").toUri().toString();
    assertThat(
            ArchiveListing.list(spark, one, Pattern.compile("vmcore-dmesg.*"), scratch + "-1", 1)
                .map(r -> r.getString(0))
                .collect())
        .as("an input naming one file lists that file")
        .containsExactly(hadoop.get(0));
  }

  @Test
  void theDriversWalkListsWhatTheExecutorsList() throws IOException {
    Path root = tmp.resolve("driver-walk");
    for (String f :
        List.of(
            "vmcore-dmesg.txt",
            "2026-11-20/host with space/10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt",
            "2026-11-20/h\u00f6st/100%/vmcore-dmesg.txt.gz",
            "2026-11-21/h%20x/10.0.0.2-2026-11-21-04:05:06/vmcore-dmesg.txt",
            "2026-11-21/h%20x/10.0.0.2-2026-11-21-04:05:06/vmcore.flat",
            "2026-11-21/_temporary/0/vmcore-dmesg.txt",
            "2026-11-21/h/.staging/vmcore-dmesg.txt")) {
      touch(root, f);
    }
    Pattern name = Pattern.compile("vmcore-dmesg.*");
    String uri = root.toUri().toString();
    String scratch = tmp.resolve("driver-walk-scratch").toUri().toString().replaceAll("/$", "");

    List<String> executors =
        ArchiveListing.list(spark, uri, name, scratch, 2)
            .map(r -> r.getString(0) + " " + r.getLong(1) + " " + r.getLong(2))
            .collect();
    List<String> driver = new java.util.ArrayList<>();
    List<java.util.Iterator<org.apache.spark.sql.Row>> walkers = DriverWalk.walk(uri, name, 3);
    assertThat(walkers).hasSize(3);
    // Taken in turns, as threads would: the root's entries go to whichever walker asks.
    for (boolean any = true; any; ) {
      any = false;
      for (java.util.Iterator<org.apache.spark.sql.Row> w : walkers) {
        if (w.hasNext()) {
          org.apache.spark.sql.Row r = w.next();
          driver.add(r.getString(0) + " " + r.getLong(1) + " " + r.getLong(2));
          any = true;
        }
      }
    }

    assertThat(driver)
        .as("the same files, names, sizes and times from either listing")
        .hasSize(4)
        .containsExactlyInAnyOrderElementsOf(executors);
    assertThat(DriverWalk.walksOnDriver(spark, uri)).as("embedded Spark, local input").isTrue();
    assertThat(DriverWalk.walksOnDriver(spark, "s3a://bucket/archive")).isFalse();

    String one = root.resolve("vmcore-dmesg.txt").toUri().toString();
    List<String> single = new java.util.ArrayList<>();
    for (java.util.Iterator<org.apache.spark.sql.Row> w : DriverWalk.walk(one, name, 2)) {
      w.forEachRemaining(r -> single.add(r.getString(0)));
    }
    assertThat(single).as("an input naming one file lists that file").hasSize(1);
    assertThat(single.get(0)).endsWith("/driver-walk/vmcore-dmesg.txt");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DriverWalk.walk(root.resolve("missing").toUri().toString(), name, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void plainLocalPathsSkipTheUriConstructorAndGetItsSpelling() throws Exception {
    String alphabet = "ab/Z09-._~:@!$&'()*+,;= %#?[]\"\\\u00f6\u4e2d";
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder path = new StringBuilder("/");
      for (int n = random.nextInt(30); n > 0; n--) {
        path.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      // As the walk sees it: java.nio folds repeated slashes.
      String p = java.nio.file.Path.of(path.toString()).toString();
      String expected = new java.net.URI("file", null, p, null, null).toString();
      if (LocalWalk.plain(p)) {
        assertThat("file:" + p).as(p).isEqualTo(expected);
      }
      assertThat(LocalWalk.localUri(java.nio.file.Path.of(p)))
          .as(p)
          .isEqualTo(
              new java.net.URI(
                      "file",
                      null,
                      java.nio.file.Path.of(p).toAbsolutePath().toString(),
                      null,
                      null)
                  .toString());
    }
    assertThat(LocalWalk.plain("/a/10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt"))
        .as("kdump's folder names need no quoting")
        .isTrue();
  }
}
