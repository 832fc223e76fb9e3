package dev.oopslake.generate;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Decides every file of an archive from the seed, in order: the bug (by popularity), the kernel
 * build and host it hit, when, and which traps the file carries. Hosts are a fixed fleet per
 * (family, hardware) so one host crashes repeatedly, like real ones do.
 */
final class ArchivePlanner {
  /** Share of files with no crash at all (a clean boot log a kdump setup left behind). */
  static final double NO_CRASH_RATE = 0.03;

  static final double CRLF_RATE = 0.02;
  static final double GARBLED_RATE = 0.02;
  static final double TRUNCATED_RATE = 0.03;

  private static final DateTimeFormatter FOLDER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH:mm:ss");
  private static final long FIRST_CRASH =
      LocalDateTime.of(2022, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long LAST_CRASH =
      LocalDateTime.of(2025, 6, 30, 0, 0).toEpochSecond(ZoneOffset.UTC);

  private final Catalog catalog;
  private final GeneratorOptions options;
  private final SplittableRandom random;
  private final Map<String, List<Host>> fleet = new HashMap<>();
  private final Set<String> folders = new HashSet<>();
  private final long[] cumulative;
  private int hostCounter;

  record Host(String name, String ip, Machine machine) {}

  ArchivePlanner(Catalog catalog, GeneratorOptions options) {
    this.catalog = catalog;
    this.options = options;
    this.random = new SplittableRandom(Stable.mix(options.seed() ^ 0x6f6f70736c616b65L));
    this.cumulative = new long[catalog.templates().size()];
    long sum = 0;
    for (int i = 0; i < cumulative.length; i++) {
      sum += catalog.templates().get(i).weight();
      cumulative[i] = sum;
    }
  }

  List<FilePlan> plan() {
    List<FilePlan> plans = new ArrayList<>(options.files());
    for (int i = 0; i < options.files(); i++) {
      plans.add(next(i));
    }
    return plans;
  }

  private FilePlan next(int index) {
    return planFor(index, random.nextDouble() < NO_CRASH_RATE ? null : drawTemplate());
  }

  /** The plan of one file showing this template (null: a clean boot log). */
  FilePlan planFor(int index, CrashTemplate template) {
    return planFor(index, template, null);
  }

  /**
   * The plan of a clean boot log on a kernel family of this architecture (any when null): the host,
   * folder and boot a corpus log is appended to.
   */
  FilePlan planBoot(int index, String arch) {
    return planFor(index, null, arch);
  }

  private FilePlan planFor(int index, CrashTemplate template, String arch) {
    KernelFamily family;
    Machine machine;
    KernelBuild build;
    if (template == null) {
      List<KernelFamily> all = new ArrayList<>();
      for (KernelFamily f : catalog.families().values()) {
        if (arch == null || f.arch().equals(arch)) {
          all.add(f);
        }
      }
      if (all.isEmpty()) {
        all.addAll(catalog.families().values());
      }
      all.sort((a, b) -> a.id().compareTo(b.id()));
      family = all.get(random.nextInt(all.size()));
      machine = pickMachine(family, null);
      build = family.builds().get(random.nextInt(family.builds().size()));
    } else {
      family =
          catalog
              .families()
              .get(template.families().get(random.nextInt(template.families().size())));
      machine = pickMachine(family, template.machine());
      List<KernelBuild> builds = new ArrayList<>();
      for (KernelBuild b : family.builds()) {
        if (template.releases().isEmpty() || template.releases().contains(b.release())) {
          builds.add(b);
        }
      }
      build = builds.get(random.nextInt(builds.size()));
    }
    List<Host> hosts =
        fleet.computeIfAbsent(family.id() + "/" + machine.id(), k -> new ArrayList<>());
    int fleetSize = 3 + options.files() / 300;
    Host host;
    if (hosts.size() < fleetSize && (hosts.isEmpty() || random.nextInt(3) > 0)) {
      host = newHost(family, machine);
      hosts.add(host);
    } else {
      host = hosts.get(random.nextInt(hosts.size()));
    }
    long epoch =
        options.timeline() == null
            ? FIRST_CRASH + random.nextLong(LAST_CRASH - FIRST_CRASH)
            : options
                .timeline()
                .epochSecond(
                    template == null ? Timeline.Story.STEADY : Timeline.story(template.id()),
                    random.nextDouble(),
                    random.nextDouble());
    String folder;
    do {
      folder =
          host.name()
              + "/"
              + host.ip()
              + "-"
              + FOLDER_TIME.format(LocalDateTime.ofEpochSecond(epoch, 0, ZoneOffset.UTC));
      epoch++;
    } while (!folders.add(folder));
    boolean gzip = random.nextDouble() < options.gzipRatio();
    long crashMicros;
    if (template != null && template.isLiteral()) {
      crashMicros = ReportRenderer.literalStart(template);
    } else {
      // Uptime at the crash: minutes to months, log-uniform.
      crashMicros =
          (long)
              (Math.exp(Math.log(600) + random.nextDouble() * Math.log(8_000_000.0 / 600))
                  * 1_000_000L);
    }
    int targetBytes =
        (int) Math.exp(Math.log(14_000) + random.nextDouble() * Math.log(170_000.0 / 14_000));
    return new FilePlan(
        index,
        folder + "/vmcore-dmesg.txt" + (gzip ? ".gz" : ""),
        gzip,
        host.name(),
        family,
        build,
        machine,
        template,
        crashMicros,
        targetBytes,
        random.nextDouble() < CRLF_RATE,
        random.nextDouble() < GARBLED_RATE,
        random.nextDouble() < family.callerIdRate(),
        template != null && random.nextDouble() < TRUNCATED_RATE);
  }

  private CrashTemplate drawTemplate() {
    long r = random.nextLong(cumulative[cumulative.length - 1]);
    for (int i = 0; i < cumulative.length; i++) {
      if (r < cumulative[i]) {
        return catalog.templates().get(i);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private Machine pickMachine(KernelFamily family, String pinned) {
    List<Machine> fits = new ArrayList<>();
    for (Machine m : catalog.machines()) {
      if (m.fits(family) && (pinned == null || m.id().equals(pinned))) {
        fits.add(m);
      }
    }
    return fits.get(random.nextInt(fits.size()));
  }

  private Host newHost(KernelFamily family, Machine machine) {
    int n = ++hostCounter;
    int a = 1 + random.nextInt(250);
    int b = random.nextInt(256);
    int c = 2 + random.nextInt(250);
    String ip = "10." + a + "." + b + "." + c;
    String name =
        switch (family.distro()) {
          case "amzn2" -> "ip-10-" + a + "-" + b + "-" + c;
          case "ubuntu" -> "k8s-worker-" + String.format("%03d", n);
          case "debian" -> "web-" + String.format("%03d", n) + ".prod.example.net";
          case "kylin" -> "kylin-edge-" + String.format("%03d", n);
          case "custom" -> "build-" + String.format("%03d", n);
          default -> (machine.virt().isEmpty() ? "db-prod-" : "app-vm-") + String.format("%03d", n);
        };
    return new Host(name, ip, machine);
  }
}
