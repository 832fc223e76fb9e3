package dev.oopslake.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownBugsTest {
  @TempDir Path dir;

  private Path file(String yaml) throws Exception {
    return Files.writeString(dir.resolve("known-bugs.yaml"), yaml);
  }

  @Test
  void clusterEntriesWinOverTitlePatterns() throws Exception {
    KnownBugs bugs =
        KnownBugs.load(
            file(
                """
                known_bugs:
                  - id: T-1
                    title: "BUG: scheduling while atomic*"
                  - id: C-1
                    url: https://b/c1
                    cluster: abc
                    fixed_in: [5.14.0-362.el9, 4.18.0-513.el8]
                """));
    assertThat(bugs.match("abc", "BUG: scheduling while atomic: rmmod"))
        .get()
        .extracting(KnownBug::id)
        .isEqualTo("C-1");
    assertThat(bugs.match("zzz", "BUG: scheduling while atomic: rmmod"))
        .get()
        .extracting(KnownBug::id)
        .isEqualTo("T-1");
    assertThat(bugs.match("zzz", "WARNING in foo")).isEmpty();
    assertThat(bugs.bugs().get(1).fixedIn()).containsExactly("5.14.0-362.el9", "4.18.0-513.el8");
  }

  @Test
  void theShippedFileLoadsAndAMissingOneIsNone() {
    assertThat(KnownBugs.load(Path.of("conf/known-bugs.yaml")).bugs()).isEmpty();
    assertThat(KnownBugs.loadIfPresent(dir.resolve("absent.yaml"))).isSameAs(KnownBugs.NONE);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'  - cluster: a'| known bug #1: field 'id' is required",
        "'  - id: X\n    cluster: a\n    title: b'| known bug #1 (X): give exactly one of 'cluster' or 'title'",
        "'  - id: X\n    cluster: a\n    fixed: 1.2'| known bug #1 (X): unknown field 'fixed'",
        "'  - id: X\n    cluster: a\n    fixed_in: [banana]'| known bug #1 (X): field 'fixed_in': 'banana' is not a kernel release",
        "'  - id: X\n    cluster: a\n    fixed_in: [5.14.0-362.el9, 5.14.0-427.el9]'| are both on branch",
        "'  - id: X\n    title: \"re:(\"'| bad regular expression",
        "'  - id: X\n    cluster: a\n  - id: X\n    cluster: b'| known bug #2 (X): id is used by an earlier entry",
        "'  - id: X\n    cluster: [a]'| field 'cluster' must be a string",
      })
  void aMalformedEntryNamesTheFileTheEntryAndTheField(String entries, String message)
      throws Exception {
    Path f = file("known_bugs:\n" + entries + "\n");
    assertThatThrownBy(() -> KnownBugs.load(f))
        .isInstanceOf(KnownBugError.class)
        .hasMessageStartingWith(f.toString())
        .hasMessageContaining(message);
  }

  @Test
  void notAListIsAnError() throws Exception {
    Path f = file("bugs: []\n");
    assertThatThrownBy(() -> KnownBugs.load(f)).hasMessageContaining("'known_bugs:' list");
  }
}
