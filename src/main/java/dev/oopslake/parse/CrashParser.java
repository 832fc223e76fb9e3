package dev.oopslake.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** LOCAL STUB (not committed). */
public final class CrashParser {
  public static CrashParser withDefaults() {
    return new CrashParser();
  }

  public ParsedFile parse(byte[] data) {
    return parse(data, 0, data.length);
  }

  public ParsedFile parse(byte[] data, int off, int len) {
    String s = new String(data, off, len, StandardCharsets.ISO_8859_1);
    List<Report> reps = new ArrayList<>();
    int i = 0;
    for (String line : s.split("\n")) {
      int b = line.indexOf("BUG: ");
      if (b >= 0) {
        reps.add(
            new Report(
                reps.size(),
                reps.isEmpty(),
                line.substring(b),
                List.of(),
                "bug",
                "BUG",
                false,
                null,
                i,
                i + 1,
                List.of(new Frame("foo", "0x1/0x2", "mod", true, "task")),
                "foo",
                "mod",
                null,
                null,
                null,
                dev.oopslake.decode.KernelRelease.parse("5.10.0-1.el8.x86_64").orElse(null),
                null,
                List.of(),
                null,
                null,
                null,
                List.of()));
      }
      i++;
    }
    return reps.isEmpty() ? ParsedFile.noCrash() : ParsedFile.crash(reps);
  }
}
