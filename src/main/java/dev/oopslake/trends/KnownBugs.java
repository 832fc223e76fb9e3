package dev.oopslake.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.oopslake.decode.Globs;
import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.ReleaseOrder;
import dev.oopslake.decode.RuleError;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The team's list of known bugs, kept by hand in {@code conf/known-bugs.yaml}:
 *
 * <pre>
 * known_bugs:
 *   - id: BUG-123                         # required, unique
 *     url: https://bugs.example.com/123   # optional
 *     cluster: 3f2a9c0d1e7b               # a cluster id, or
 *     title: "BUG: scheduling while atomic*"   # a title glob (re:... for a regex)
 *     fixed_in: [5.14.0-362.el9, 4.18.0-513.el8]   # optional, one release per branch
 * </pre>
 *
 * A malformed entry is a {@link KnownBugError} naming the file, the entry and the field.
 */
public final class KnownBugs implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where the nightly looks when no file is named; absent means no known bugs. */
  public static final Path DEFAULT_FILE = Path.of("conf", "known-bugs.yaml");

  public static final KnownBugs NONE = new KnownBugs(List.of());

  private static final Set<String> FIELDS = Set.of("id", "url", "cluster", "title", "fixed_in");

  private final List<KnownBug> bugs;

  public KnownBugs(List<KnownBug> bugs) {
    this.bugs = List.copyOf(bugs);
  }

  public List<KnownBug> bugs() {
    return bugs;
  }

  /** The bug that names this cluster, else the first whose title pattern matches. */
  public Optional<KnownBug> match(String clusterId, String title) {
    for (KnownBug b : bugs) {
      if (b.cluster() != null && b.matches(clusterId, title)) {
        return Optional.of(b);
      }
    }
    for (KnownBug b : bugs) {
      if (b.cluster() == null && b.matches(clusterId, title)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** Reads a file, or {@link #NONE} when it does not exist. */
  public static KnownBugs loadIfPresent(Path file) {
    return Files.exists(file) ? load(file) : NONE;
  }

  public static KnownBugs load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new KnownBugError(file + ": cannot read known bugs: " + oneLine(e.getMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return NONE;
    }
    JsonNode list = root.get("known_bugs");
    if (!root.isObject() || list == null || !(list.isArray() || list.isNull())) {
      throw new KnownBugError(file + ": expected a top-level 'known_bugs:' list");
    }
    List<KnownBug> bugs = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int n = 0;
    for (JsonNode entry : list) {
      n++;
      KnownBug bug = entry(file, n, entry);
      if (!ids.add(bug.id())) {
        throw new KnownBugError(where(file, n, bug.id()) + ": id is used by an earlier entry");
      }
      bugs.add(bug);
    }
    return new KnownBugs(bugs);
  }

  private static KnownBug entry(Path file, int n, JsonNode e) {
    if (!e.isObject()) {
      throw new KnownBugError(
          where(file, n, null) + ": expected a mapping with id, cluster or title");
    }
    String id = text(file, n, null, e, "id");
    String at = where(file, n, id);
    if (id == null || id.isBlank()) {
      throw new KnownBugError(at + ": field 'id' is required");
    }
    for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new KnownBugError(
            at + ": unknown field '" + f + "' (expected one of " + FIELDS + ")");
      }
    }
    String cluster = text(file, n, id, e, "cluster");
    String title = text(file, n, id, e, "title");
    if ((cluster == null) == (title == null)) {
      throw new KnownBugError(at + ": give exactly one of 'cluster' or 'title'");
    }
    java.util.regex.Pattern pattern = null;
    if (title != null) {
      try {
        pattern = Globs.compile(title, at + ": field 'title'");
      } catch (RuleError bad) {
        throw new KnownBugError(bad.getMessage());
      }
    }
    List<String> fixedIn = new ArrayList<>();
    JsonNode fixes = e.get("fixed_in");
    if (fixes != null && !fixes.isNull()) {
      if (fixes.isTextual()) {
        fixedIn.add(fixes.asText());
      } else if (fixes.isArray()) {
        fixes.forEach(f -> fixedIn.add(f.asText()));
      } else {
        throw new KnownBugError(at + ": field 'fixed_in' must be a release or a list of releases");
      }
    }
    Map<String, String> perBranch = new HashMap<>();
    for (String fix : fixedIn) {
      KernelRelease k =
          KernelRelease.parse(fix)
              .orElseThrow(
                  () ->
                      new KnownBugError(
                          at + ": field 'fixed_in': '" + fix + "' is not a kernel release"));
      String earlier = perBranch.put(ReleaseOrder.branch(k), fix);
      if (earlier != null) {
        throw new KnownBugError(
            at
                + ": field 'fixed_in': '"
                + earlier
                + "' and '"
                + fix
                + "' are both on branch "
                + ReleaseOrder.branch(k)
                + "; give one fix per branch");
      }
    }
    return new KnownBug(id, text(file, n, id, e, "url"), cluster, pattern, fixedIn);
  }

  private static String text(Path file, int n, String id, JsonNode e, String field) {
    JsonNode v = e.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw new KnownBugError(where(file, n, id) + ": field '" + field + "' must be a string");
    }
    return v.asText();
  }

  private static String where(Path file, int n, String id) {
    return file + ": known bug #" + n + (id == null ? "" : " (" + id + ")");
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
