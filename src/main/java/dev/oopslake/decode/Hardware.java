package dev.oopslake.decode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Hardware name:} line decoded: DMI vendor, product and board, BIOS version and date,
 * and the hypervisor when the machine is virtual.
 *
 * <p>The kernel builds the line in {@code dmi_setup()} as {@code "<sys_vendor> <product_name>[/
 * <board_name>], BIOS <bios_version> <bios_date>"}; device-tree machines print {@code "<model>
 * (DT)"} and powerpc/s390 print their own descriptions.
 *
 * @param raw the text after "Hardware name:", trimmed
 * @param vendor system vendor when recognised or the first word, else null
 * @param product product name (rest of the system part), may be empty
 * @param board board name after the '/', null when absent
 * @param bios BIOS version, null when absent
 * @param biosDate BIOS date (MM/DD/YYYY), null when absent
 * @param hypervisor e.g. {@code KVM/QEMU}, {@code VMware}, {@code Hyper-V}; null for bare metal or
 *     unknown
 */
public record Hardware(
    String raw,
    String vendor,
    String product,
    String board,
    String bios,
    String biosDate,
    String hypervisor) {

  public Hardware {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("hardware text must not be blank");
    }
    product = product == null ? "" : product;
  }

  /** A hypervisor signature in the hardware line. */
  private record HypervisorSign(Pattern pattern, String hypervisor) {}

  // First match wins; each entry is what that platform's DMI tables / firmware say.
  private static final List<HypervisorSign> HYPERVISORS =
      List.of(
          // EC2 Nitro (KVM-based) and Xen-era instances with an "amazon" BIOS
          new HypervisorSign(Pattern.compile("Amazon EC2|\\.amazon\\b"), "Amazon EC2"),
          // GCE: "Google Google Compute Engine/Google Compute Engine, BIOS Google"
          new HypervisorSign(Pattern.compile("Google Compute Engine"), "Google Compute Engine"),
          // Alibaba Cloud ECS (KVM-based)
          new HypervisorSign(Pattern.compile("Alibaba Cloud ECS"), "Alibaba Cloud ECS"),
          // Hyper-V / Azure: "Microsoft Corporation Virtual Machine/Virtual Machine"
          new HypervisorSign(
              Pattern.compile("Microsoft Corporation Virtual Machine|Hyper-V"), "Hyper-V"),
          // "VMware, Inc. VMware Virtual Platform", "VMware7,1"
          new HypervisorSign(Pattern.compile("VMware"), "VMware"),
          // "innotek GmbH VirtualBox/VirtualBox"
          new HypervisorSign(Pattern.compile("VirtualBox"), "VirtualBox"),
          // "Parallels Software International Inc. Parallels Virtual Platform"
          new HypervisorSign(Pattern.compile("Parallels"), "Parallels"),
          // "Xen HVM domU"
          new HypervisorSign(Pattern.compile("\\bXen\\b|HVM domU"), "Xen"),
          // "Nutanix AHV"
          new HypervisorSign(Pattern.compile("Nutanix AHV"), "Nutanix AHV"),
          // powerpc pSeries under PowerVM: "... hv:phyp pSeries"
          new HypervisorSign(Pattern.compile("hv:phyp"), "PowerVM"),
          // s390 guests: "IBM 3906 M04 704 (z/VM 7.1.0)"
          new HypervisorSign(Pattern.compile("\\(z/VM"), "z/VM"),
          // s390 logical partition: "IBM 3931 A01 703 (LPAR)"
          new HypervisorSign(Pattern.compile("\\(LPAR\\)"), "PR/SM LPAR"),
          // QEMU/KVM: "QEMU Standard PC (Q35 + ICH9, 2009)", "Red Hat KVM", "Smdbmds KVM"
          // (Tencent), "OpenStack Foundation OpenStack Nova", "Bochs", ppc "hv:linux,kvm",
          // s390 "(KVM/Linux)", arm64 "linux,dummy-virt (DT)" (QEMU's virt machine)
          new HypervisorSign(
              Pattern.compile(
                  "\\bKVM\\b|QEMU|OpenStack Nova|\\bBochs\\b|hv:linux,kvm|dummy-virt|seabios"),
              "KVM/QEMU"));

  // System vendors whose names have spaces or punctuation (so "first word" would cut them).
  private static final List<String> VENDORS =
      List.of(
          "Dell Inc.",
          "VMware, Inc.",
          "Microsoft Corporation",
          "innotek GmbH",
          "Red Hat",
          "Amazon EC2",
          "Alibaba Cloud",
          "OpenStack Foundation",
          "Parallels Software International Inc.",
          "Cisco Systems Inc",
          "Apple Inc.",
          "Huawei Technologies Co., Ltd.",
          "Inspur",
          "Lenovo",
          "Supermicro",
          "Nutanix",
          "Google",
          "HPE",
          "HP",
          "IBM",
          "QEMU",
          "Xen");

  private static final Pattern BIOS = Pattern.compile("^(.*?), BIOS (.*?)\\s*$");
  private static final Pattern BIOS_DATE = Pattern.compile("^(.*?)\\s*(\\d{2}/\\d{2}/\\d{4})$");

  /**
   * Decodes the text of a {@code Hardware name:} line (with or without that prefix); empty for
   * blank input.
   */
  public static Optional<Hardware> parse(String line) {
    if (line == null) {
      return Optional.empty();
    }
    String text = line;
    int at = text.indexOf("Hardware name:");
    if (at >= 0) {
      text = text.substring(at + "Hardware name:".length());
    }
    text = text.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String system = text;
    String bios = null;
    String biosDate = null;
    Matcher bm = BIOS.matcher(text);
    if (bm.matches()) {
      system = bm.group(1).strip();
      String rest = bm.group(2).strip();
      Matcher dm = BIOS_DATE.matcher(rest);
      if (dm.matches()) {
        bios = dm.group(1).isEmpty() ? null : dm.group(1);
        biosDate = dm.group(2);
      } else {
        bios = rest.isEmpty() ? null : rest;
      }
    }
    String board = null;
    int slash = system.indexOf('/');
    // "linux,dummy-virt (DT)" and s390 "(z/VM 7.1.0)" have slashes that are not board separators
    if (slash > 0 && !system.contains("(z/VM") && !system.endsWith("(DT)")) {
      board = system.substring(slash + 1).strip();
      system = system.substring(0, slash).strip();
    }
    String vendor = null;
    String product = system;
    for (String v : VENDORS) {
      if (system.startsWith(v + " ") || system.equals(v)) {
        vendor = v;
        product = system.substring(v.length()).strip();
        break;
      }
    }
    // device-tree machines print only the DT model ("linux,dummy-virt (DT)"): no vendor
    if (vendor == null && !system.endsWith("(DT)")) {
      int space = system.indexOf(' ');
      if (space > 0) {
        vendor = system.substring(0, space);
        product = system.substring(space + 1).strip();
      }
    }
    String hypervisor = null;
    for (HypervisorSign h : HYPERVISORS) {
      if (h.pattern().matcher(text).find()) {
        hypervisor = h.hypervisor();
        break;
      }
    }
    return Optional.of(new Hardware(text, vendor, product, board, bios, biosDate, hypervisor));
  }

  /** Whether a hypervisor was recognised. */
  public boolean virtual() {
    return hypervisor != null;
  }
}
