package dev.oopslake.jobs;

import dev.oopslake.generate.LogForm;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.FileOutcome;
import dev.oopslake.parse.ParsedFile;
import dev.oopslake.parse.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oopslake eval-corpus DIR}: measures the parser against a corpus of real logs with expected
 * titles ({@code DIR/expected.tsv}: name, title, alt titles joined by " | ", type, corrupted; an
 * empty title means no crash). Prints detection, title and guilty-function agreement and the parser
 * exception count as its last four lines; exits 1 below the thresholds.
 *
 * <p>A fifth of the corpus is held out: rules tuned while reading the working part's mismatches fit
 * those cases, and only logs nobody looked at say how the parser does on a fleet's unseen logs. A
 * log is held out when the CRC32 of its name (expected.tsv's first column) falls in bucket 0 of
 * five, so the split is the same on every machine and for every later log. Both parts are scored
 * separately; {@code --verbose} lists the working part's mismatches only.
 *
 * <p>{@code --as FORM,...} reads every log as a collector or a terminal would have handed it over
 * (syslog, the journal, cut at 80 columns: {@link LogForm}) and scores each form; the thresholds
 * apply to every one. A parser that only reads the corpus's own dmesg form has learnt the corpus.
 */
@Command(
    name = "eval-corpus",
    mixinStandardHelpOptions = true,
    description = "Measure the crash parser against DIR/expected.tsv and DIR/NAME.log.")
public final class EvalCorpusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Corpus directory.")
  Path dir;

  @Option(names = "--verbose", description = "List every mismatch.")
  boolean verbose;

  @Option(names = "--frames", description = "With --verbose: our frames for guilty mismatches.")
  boolean showFrames;

  @Option(
      names = "--min-detection",
      defaultValue = "0.99",
      description = "Default: ${DEFAULT-VALUE}.")
  double minDetection;

  @Option(names = "--min-title", defaultValue = "0.90", description = "Default: ${DEFAULT-VALUE}.")
  double minTitle;

  @Option(names = "--min-guilty", defaultValue = "0.95", description = "Default: ${DEFAULT-VALUE}.")
  double minGuilty;

  @Option(
      names = "--as",
      split = ",",
      paramLabel = "FORM",
      description =
          "Read every log in these forms, each scored: dmesg (as is), syslog, netconsole,"
              + " journal, journal-monotonic, rfc5424,"
              + " no-timestamps, dmesg-T, dmesg-H, dmesg-x, kmsg, pstore, quoted,"
              + " trailing-blanks, crlf, cr, utf16, cut80, syslog-cut80, decoded, symbolized. Default: dmesg.")
  List<String> forms = List.of(LogForm.DMESG.id());

  /** Logs are split into this many buckets by the CRC32 of their name. */
  static final int BUCKETS = 5;

  /**
   * A held-out part trailing the working part by more than this (in points) means rules fit cases.
   */
  static final double MAX_GAP_POINTS = 5.0;

  /** One expected.tsv row. */
  record Expected(String name, String title, List<String> altTitles) {
    boolean crash() {
      return !title.isEmpty();
    }

    /** The text after the last " in " of the title, or null when the title names no function. */
    String guilty() {
      int i = title.lastIndexOf(" in ");
      return i < 0 ? null : title.substring(i + 4);
    }

    boolean heldOut() {
      return EvalCorpusCommand.heldOut(name);
    }
  }

  /** True when the log named {@code name} belongs to the held-out fifth. */
  static boolean heldOut(String name) {
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % BUCKETS == 0;
  }

  /** The measured agreement. */
  record Result(
      int files,
      int detected,
      int titled,
      int titleTotal,
      int guilty,
      int guiltyTotal,
      int errors) {
    double detection() {
      return ratio(detected, files);
    }

    double title() {
      return ratio(titled, titleTotal);
    }

    double guiltyRatio() {
      return ratio(guilty, guiltyTotal);
    }

    private static double ratio(int a, int b) {
      return b == 0 ? 1.0 : (double) a / b;
    }

    Result plus(Result o) {
      return new Result(
          files + o.files,
          detected + o.detected,
          titled + o.titled,
          titleTotal + o.titleTotal,
          guilty + o.guilty,
          guiltyTotal + o.guiltyTotal,
          errors + o.errors);
    }

    String summary() {
      return String.format(
          "detection %.3f (%d/%d), title %.3f (%d/%d), guilty %.3f (%d/%d), exceptions %d",
          detection(),
          detected,
          files,
          title(),
          titled,
          titleTotal,
          guiltyRatio(),
          guilty,
          guiltyTotal,
          errors);
    }
  }

  @Override
  public Integer call() throws IOException {
    check("--min-detection", minDetection);
    check("--min-title", minTitle);
    check("--min-guilty", minGuilty);
    List<LogForm> chosen = new ArrayList<>();
    for (String id : forms) {
      LogForm form = LogForm.byId(id.trim());
      if (form == null) {
        throw new UserError(
            "Cannot read the corpus as '"
                + id
                + "'; --as takes "
                + String.join(", ", LogForm.ids()));
      }
      chosen.add(form);
    }
    Path tsv = dir.resolve("expected.tsv");
    if (!Files.isRegularFile(tsv)) {
      throw new UserError("DIR " + dir + " has no expected.tsv; pass a corpus directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Expected> all = readExpected(tsv);
    boolean pass = true;
    for (LogForm form : chosen) {
      // The default form prints as it always did; other forms say which they are on every line.
      String as = chosen.equals(List.of(LogForm.DMESG)) ? "" : "[" + form.id() + "] ";
      pass &= score(all, form, as, out);
    }
    out.flush();
    return pass ? 0 : 1;
  }

  /** Scores the corpus read in {@code form}; true when it meets the thresholds. */
  private boolean score(List<Expected> all, LogForm form, String as, PrintWriter out)
      throws IOException {
    Result working = evaluate(all.stream().filter(e -> !e.heldOut()).toList(), form, as, out, true);
    // Nothing listed: reading the held-out mismatches would make them working cases.
    Result held = evaluate(all.stream().filter(Expected::heldOut).toList(), form, as, out, false);
    out.printf(
        "%sworking (4/5, CRC32 of the name mod %d != 0): %s%n", as, BUCKETS, working.summary());
    out.printf("%sheld-out (1/5, mismatches never listed): %s%n", as, held.summary());
    printGap(out, as, "detection", working.detection(), held.detection());
    printGap(out, as, "title", working.title(), held.title());
    printGap(out, as, "guilty", working.guiltyRatio(), held.guiltyRatio());
    Result r = working.plus(held);
    out.printf("%sdetection: %.3f (%d/%d)%n", as, r.detection(), r.detected(), r.files());
    out.printf("%stitle: %.3f (%d/%d)%n", as, r.title(), r.titled(), r.titleTotal());
    out.printf("%sguilty: %.3f (%d/%d)%n", as, r.guiltyRatio(), r.guilty(), r.guiltyTotal());
    out.printf("%sexceptions: %d%n", as, r.errors());
    return r.errors() == 0
        && r.detection() >= minDetection
        && r.title() >= minTitle
        && r.guiltyRatio() >= minGuilty;
  }

  private static void printGap(
      PrintWriter out, String as, String what, double working, double held) {
    double points = 100 * (working - held);
    if (points > MAX_GAP_POINTS) {
      out.printf(
          "%sGAP %s: held-out %.1f%% trails working %.1f%% by %.1f points (> %.0f): rules fit cases%n",
          as, what, 100 * held, 100 * working, points, MAX_GAP_POINTS);
    }
  }

  private static void check(String flag, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new UserError("Cannot set " + flag + " to " + v + ", the value must be in [0, 1]");
    }
  }

  static List<Expected> readExpected(Path tsv) throws IOException {
    List<Expected> out = new ArrayList<>();
    List<String> rows = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    for (int i = 1; i < rows.size(); i++) {
      String row = rows.get(i);
      if (row.isBlank()) {
        continue;
      }
      String[] cols = row.split("\t", -1);
      String title = cols.length > 1 ? cols[1].trim() : "";
      List<String> alts =
          cols.length > 2 && !cols[2].isBlank()
              ? Arrays.stream(cols[2].split(" \\| ")).map(String::trim).toList()
              : List.of();
      out.add(new Expected(cols[0].trim(), title, alts));
    }
    return out;
  }

  /**
   * Scores {@code expected}; {@code listed} says whether its exceptions and mismatches may be
   * shown.
   */
  private Result evaluate(
      List<Expected> expected, LogForm form, String as, PrintWriter out, boolean listed)
      throws IOException {
    boolean verbose = listed && this.verbose;
    CrashParser parser = CrashParser.withDefaults();
    int detected = 0;
    int titled = 0;
    int titleTotal = 0;
    int guilty = 0;
    int guiltyTotal = 0;
    int errors = 0;
    for (Expected e : expected) {
      Path log = dir.resolve(e.name() + ".log");
      if (!Files.isRegularFile(log)) {
        throw new UserError("expected.tsv names " + e.name() + " but " + log + " is missing");
      }
      byte[] data = form.apply(Files.readAllBytes(log));
      ParsedFile parsed;
      try {
        parsed = parser.parse(data);
      } catch (RuntimeException ex) {
        errors++;
        if (listed) {
          out.printf("%sEXCEPTION %s: %s%n", as, e.name(), ex);
        }
        continue;
      }
      if (parsed.status() == FileOutcome.REJECTED
          && parsed.reason() != null
          && parsed.reason().startsWith("parser error")) {
        errors++;
        if (listed) {
          out.printf("%sEXCEPTION %s: %s%n", as, e.name(), parsed.reason());
        }
        continue;
      }
      boolean crash = parsed.status() == FileOutcome.CRASH;
      Report primary =
          crash ? parsed.reports().stream().filter(Report::primary).findFirst().orElse(null) : null;
      if (crash == e.crash()) {
        detected++;
      } else if (verbose) {
        out.printf(
            "%sDETECT %s: expected %s, got %s%n",
            as,
            e.name(),
            e.crash() ? "'" + e.title() + "'" : "no crash",
            primary == null ? parsed.status().id() : "'" + primary.title() + "'");
      }
      if (!e.crash()) {
        continue;
      }
      titleTotal++;
      if (primary != null && titleAgrees(e, primary)) {
        titled++;
      } else if (verbose && primary != null) {
        out.printf(
            "%sTITLE %s: expected '%s', got '%s'%n", as, e.name(), e.title(), primary.title());
      }
      String g = e.guilty();
      if (g != null) {
        guiltyTotal++;
        String ours = primary == null ? null : ourGuilty(primary);
        if (g.equals(ours)) {
          guilty++;
        } else if (verbose) {
          out.printf("%sGUILTY %s: expected '%s', got '%s'%n", as, e.name(), g, ours);
          if (primary != null && showFrames) {
            out.printf(
                "  frames: %s%n",
                primary.frames().stream()
                    .limit(14)
                    .map(f -> (f.reliable() ? "" : "?") + f.function())
                    .collect(java.util.stream.Collectors.joining(" ")));
          }
        }
      }
    }
    return new Result(expected.size(), detected, titled, titleTotal, guilty, guiltyTotal, errors);
  }

  private static boolean titleAgrees(Expected e, Report r) {
    if (r.title().equals(e.title()) || e.altTitles().contains(r.title())) {
      return true;
    }
    return r.altTitles().contains(e.title());
  }

  /**
   * Our guilty function as the expected title would name it: the frame, or syzbot's "corrupted"
   * placeholder when our title says we found none.
   */
  private static String ourGuilty(Report r) {
    if (r.guiltyFrame() != null) {
      return r.guiltyFrame();
    }
    int i = r.title().lastIndexOf(" in ");
    return i < 0 ? null : r.title().substring(i + 4);
  }
}
