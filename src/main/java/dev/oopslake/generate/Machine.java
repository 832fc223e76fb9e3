package dev.oopslake.generate;

import java.util.List;

/**
 * A hardware profile hosts run on: what DMI says, how many CPUs and how much memory, which NIC and
 * disk drivers probe at boot.
 *
 * @param families if not empty, the only kernel families this machine runs (cloud images)
 * @param virt the hypervisor's name when virtual, else empty
 */
public record Machine(
    String id,
    String arch,
    String dmi,
    String cpuModel,
    List<Integer> cpus,
    List<Integer> memGb,
    String nic,
    String disk,
    String virt,
    List<String> families) {
  public Machine {
    Catalog.require(id, "machine id");
    Catalog.require(arch, "arch of machine " + id);
    Catalog.require(dmi, "dmi of machine " + id);
    Catalog.require(cpuModel, "cpuModel of machine " + id);
    Catalog.check(cpus != null && !cpus.isEmpty(), "machine %s needs cpus", id);
    Catalog.check(memGb != null && !memGb.isEmpty(), "machine %s needs memGb", id);
    Catalog.require(nic, "nic of machine " + id);
    Catalog.require(disk, "disk of machine " + id);
    cpus = List.copyOf(cpus);
    memGb = List.copyOf(memGb);
    virt = virt == null ? "" : virt;
    families = families == null ? List.of() : List.copyOf(families);
  }

  boolean fits(KernelFamily family) {
    return arch.equals(family.arch()) && (families.isEmpty() || families.contains(family.id()));
  }
}
