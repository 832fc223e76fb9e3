package dev.oopslake.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built reports for the page tests: a plain one, and one whose log strings attack the page.
 */
public final class ReportFixtures {
  /** What a crafted log puts in comm, frame, module, title and path names. */
  public static final List<String> HOSTILE =
      List.of(
          "<script>alert(1)</script>",
          "\"onerror=alert(2) x=\"",
          "</script><img src=x onerror=alert(3)>",
          "'><svg onload=alert(4)>",
          "\u2028</SCRIPT >alert(5)\u2029");

  static final LocalDate AS_OF = LocalDate.of(2026, 12, 4);

  private ReportFixtures() {}

  /** A report of every section, its strings taken from {@code words} in turn. */
  public static MorningReport report(List<String> words) {
    java.util.function.IntFunction<String> w = i -> words.get(i % words.size());
    List<TopCluster> top = new ArrayList<>();
    String[] states = {
      "spiking", "regressed", "ongoing", "new", "probably_fixed", "fixed", "quiet"
    };
    for (int i = 0; i < 7; i++) {
      top.add(
          new TopCluster(
              i + 1,
              i == 3 ? null : 2 - i,
              i == 3 ? null : 40.0 - 15 * i,
              i == 3,
              "c" + (1000 + i),
              w.apply(i) + " in " + w.apply(i + 1),
              states[i],
              "reason: " + w.apply(i + 2),
              300 - 40L * i,
              40 - 5L * i,
              i % 2 == 0 ? "lockup." + w.apply(i) : null,
              w.apply(i + 3),
              List.of(
                  w.apply(i) + "+0x1c/0x40", "do_syscall_64+0x5c/0xe0 [" + w.apply(i + 1) + "]"),
              List.of("5.14.0-362.8.1.el9_3", w.apply(i)),
              i % 3 == 1
                  ? new KnownBugMatch(
                      "BUG-" + (120 + i), "https://bugs.example/" + i, List.of("5.14.0-362.el9"))
                  : i == 2
                      ? new KnownBugMatch(w.apply(i), "javascript:alert(6)", List.of(w.apply(i)))
                      : null,
              List.of(new Correlation("module", w.apply(i + 4), 0.8, 0.05))));
    }
    List<LocalDate> days = AS_OF.minusDays(27).datesUntil(AS_OF.plusDays(1)).toList();
    List<Trends.Series> series = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      List<Long> c = new ArrayList<>();
      for (int d = 0; d < days.size(); d++) {
        c.add((long) ((d * (i + 3) + i * 7) % 11 + (i == 0 && d > 20 ? 12 : 0)));
      }
      series.add(new Trends.Series("c" + (1000 + i), w.apply(i), c));
    }
    List<StateChange> fresh =
        List.of(
            new StateChange(
                "c1003",
                w.apply(0),
                "new",
                "first seen 2 days ago",
                12,
                4,
                AS_OF.minusDays(2),
                null));
    List<StateChange> spiking =
        List.of(
            new StateChange(
                "c1000",
                w.apply(1),
                "spiking",
                "today 18 > forecast 6.2",
                60,
                14,
                AS_OF.minusDays(90),
                null));
    List<StateChange> regressed =
        List.of(
            new StateChange(
                "c1001",
                w.apply(2),
                "regressed",
                "seen on 5.14.0-362.18.1.el9_3 at or after its fix 5.14.0-362.el9",
                20,
                3,
                AS_OF.minusDays(200),
                "known: BUG-121, fixed in 5.14.0-362.el9 \u2014 still seen on 3 hosts"));
    List<ReleaseChange> releaseChanges =
        List.of(
            new ReleaseChange(
                "5.14.0-362.18.1.el9_3",
                "5.14.0-362.8.1.el9_3",
                "c1001",
                w.apply(3),
                "appeared",
                9),
            new ReleaseChange(
                "6.1.0-18-amd64", "6.1.0-17-amd64", "c1004", w.apply(4), "disappeared", 5));
    List<String> releases = List.of("5.14.0-362.8.1.el9_3", "6.1.0-18-amd64", w.apply(0));
    List<String> modules = List.of("vmlinux", "nvme", w.apply(1), w.apply(2));
    List<HeatMap.Cell> cells = new ArrayList<>();
    for (int r = 0; r < releases.size(); r++) {
      for (int m = 0; m < modules.size(); m++) {
        cells.add(new HeatMap.Cell(m, r, (r * 7 + m * 13) % 23));
      }
    }
    List<ReleaseRate> rates =
        List.of(
            new ReleaseRate(
                "5.14.0-362.8.1.el9_3",
                "RHEL/CentOS",
                "5.14.0-362.el9",
                false,
                120,
                40,
                280.0,
                "crashing-hosts",
                428.6,
                355.3,
                512.4,
                30,
                4,
                1,
                List.of("c1000")),
            new ReleaseRate(
                "6.1.0-18-amd64",
                "Debian",
                "6.1",
                true,
                40,
                20,
                140.0,
                "crashing-hosts",
                285.7,
                204.1,
                389.0,
                2,
                0,
                10,
                List.of("c1002")),
            new ReleaseRate(
                w.apply(3),
                w.apply(4),
                w.apply(0),
                null,
                5,
                5,
                35.0,
                "crashing-hosts",
                142.9,
                46.4,
                333.3,
                5,
                5,
                0,
                List.of()));
    return new MorningReport(
        w.apply(1),
        AS_OF,
        7,
        Instant.parse("2026-12-05T06:00:00Z"),
        Section.of(new Overview(1234, 210, 57, 1, 1, 1)),
        Section.of(top),
        Section.of(new Trends(days, series)),
        Section.of(new Changes(fresh, spiking, regressed, releaseChanges)),
        Section.of(new HeatMap(releases, modules, cells)),
        Section.of(rates));
  }

  /** The report of a lake from before the morning step: every morning table missing. */
  public static MorningReport beforeMorningTables() {
    return new MorningReport(
        "lake.oopslake",
        AS_OF,
        7,
        Instant.parse("2026-12-05T06:00:00Z"),
        Section.missing(List.of("cluster_windows", "cluster_state")),
        Section.missing(List.of("cluster_windows", "cluster_state")),
        Section.missing(List.of("cluster_daily")),
        Section.missing(List.of("cluster_state")),
        Section.missing(List.of("summary_kernel_module")),
        Section.missing(List.of("release_rates")));
  }
}
