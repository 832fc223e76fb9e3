package dev.oopslake.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * What one file's reports share: the host's kernel build and hardware, the modules it has loaded,
 * the taint it has accumulated so far, and the file's random stream and console.
 */
final class GeneratedFile {
  final Catalog catalog;
  final KernelFamily family;
  final KernelBuild build;
  final Machine machine;
  final EntrySet entrySet;
  final String host;
  final int cpus;
  final int memGb;
  final SplittableRandom random;
  final ConsoleBuffer console;
  final List<String> modules;
  final TreeSet<Character> taint = new TreeSet<>();

  GeneratedFile(
      Catalog catalog,
      KernelFamily family,
      KernelBuild build,
      Machine machine,
      String host,
      SplittableRandom random,
      ConsoleBuffer console,
      List<String> extraModules) {
    this.catalog = catalog;
    this.family = family;
    this.build = build;
    this.machine = machine;
    this.entrySet = catalog.entrySets().get(family.entrySet());
    this.host = host;
    this.random = random;
    this.console = console;
    this.cpus = machine.cpus().get(random.nextInt(machine.cpus().size()));
    this.memGb = machine.memGb().get(random.nextInt(machine.memGb().size()));
    List<String> mods = new ArrayList<>();
    // Out-of-tree and bug-specific modules were loaded last, so lsmod-order lists them first.
    for (String m : extraModules) {
      if (mods.stream().noneMatch(x -> moduleName(x).equals(moduleName(m)))) {
        mods.add(m);
      }
    }
    for (String m : driverModules(machine)) {
      if (mods.stream().noneMatch(x -> moduleName(x).equals(m))) {
        mods.add(m);
      }
    }
    for (String m : family.baseModules()) {
      if (!mods.stream().anyMatch(x -> moduleName(x).equals(m))) {
        mods.add(m);
      }
    }
    this.modules = mods;
    for (String m : mods) {
      taint.addAll(moduleTaint(m));
    }
  }

  /** The NIC and disk drivers' modules, with what they pull in. */
  static List<String> driverModules(Machine machine) {
    List<String> out = new ArrayList<>();
    switch (machine.nic()) {
      case "mlx5_core" ->
          out.addAll(
              List.of(
                  "mlx5_ib",
                  "ib_uverbs",
                  "ib_core",
                  "mlx5_core",
                  "mlxfw",
                  "psample",
                  "pci_hyperv_intf"));
      case "i40e" -> out.add("i40e");
      case "ixgbe" -> out.addAll(List.of("ixgbe", "mdio", "dca"));
      case "virtio_net" -> out.addAll(List.of("virtio_net", "net_failover", "failover"));
      case "ena", "hns3", "ibmveth", "qeth" -> {
        // already among the family's base modules
      }
      default -> out.add(machine.nic());
    }
    switch (machine.disk()) {
      case "megaraid_sas", "smartpqi", "vmw_pvscsi" -> out.add(machine.disk());
      case "virtio_blk" -> out.addAll(List.of("virtio_blk", "virtio_pci", "virtio_ring", "virtio"));
      default -> {
        // nvme, ahci, sas and dasd modules are among the family's base modules
      }
    }
    return out;
  }

  static String moduleName(String spec) {
    int paren = spec.indexOf('(');
    return paren < 0 ? spec : spec.substring(0, paren);
  }

  /** The taint letters a module's {@code (POE)} flags stand for. */
  static List<Character> moduleTaint(String spec) {
    int paren = spec.indexOf('(');
    List<Character> out = new ArrayList<>();
    if (paren < 0) {
      return out;
    }
    for (char c : spec.substring(paren + 1, spec.length() - 1).toCharArray()) {
      if (c == 'P' || c == 'O' || c == 'E' || c == 'T' || c == 'C' || c == 'F') {
        out.add(c);
      }
    }
    return out;
  }

  /** What {@code print_tainted()} prints for the current taint, in this kernel's columns. */
  String taintText() {
    if (taint.isEmpty()) {
      return "Not tainted";
    }
    StringBuilder sb = new StringBuilder("Tainted: ");
    for (char c : family.taintFlags().toCharArray()) {
      if (c == 'P') {
        sb.append(taint.contains('P') ? 'P' : 'G');
      } else {
        sb.append(taint.contains(c) ? c : ' ');
      }
    }
    sb.append(family.taintSuffix());
    if (family.distro().equals("rhel7")) {
      // RHEL 7 prints its tech-preview taint after the dashes of its reserved bits.
      sb.append(taint.contains('T') ? 'T' : ' ');
    }
    return sb.toString();
  }
}
