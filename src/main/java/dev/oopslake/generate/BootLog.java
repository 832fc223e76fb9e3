package dev.oopslake.generate;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The part of a vmcore-dmesg file before the crash: the boot messages of the host's kernel and
 * hardware (version line, command line, e820 map, ACPI tables, CPU bring-up, PCI enumeration,
 * storage, NIC, file systems, systemd), then the messages of the machine's life up to the crash
 * time (network, containers, audit, conntrack, ...), sized to a target so files range from tens to
 * hundreds of KB like real ones.
 */
final class BootLog {
  private final GeneratedFile ctx;
  private final ConsoleBuffer out;
  private final SplittableRandom random;
  private final boolean x86;
  private String nicName; // not final: the life-line lambdas below read it after construction

  BootLog(GeneratedFile ctx) {
    this.ctx = ctx;
    this.out = ctx.console;
    this.random = ctx.random;
    this.x86 = ctx.family.arch().equals("x86_64");
    this.nicName = nicName(ctx.machine.nic());
  }

  /**
   * Writes the boot, then life messages until about {@code targetBytes}, ending just before {@code
   * crashMicros}.
   *
   * @param garbled whether one console line carries bytes that are not UTF-8
   * @param atBoot writes what else the console printed as userspace came up, or null
   */
  void write(int targetBytes, long crashMicros, boolean garbled, Runnable atBoot) {
    out.context(0, "T0");
    early();
    memoryMap();
    acpiAndCpus();
    pci();
    devices();
    userspace();
    if (atBoot != null) {
      atBoot.run();
    }
    if (garbled) {
      // A serial console line mangled by a baud mismatch or a firmware string in Latin-1.
      out.garbage(
          new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xe9, 0x3f, (byte) 0xc3},
          " ttyS0: 1 input overrun(s)");
    }
    life(targetBytes, crashMicros - 2_000_000L);
  }

  // ------------------------------------------------------------------------- boot

  private void early() {
    String r = ctx.build.release();
    if (!x86 && ctx.family.arch().equals("aarch64")) {
      line("Booting Linux on physical CPU 0x0000080000 [0x481fd010]");
    }
    line(
        "Linux version "
            + r
            + " ("
            + ctx.family.builder()
            + ") ("
            + ctx.family.compiler()
            + ") "
            + ctx.build.version());
    String cmd =
        "BOOT_IMAGE=/vmlinuz-"
            + r
            + " root="
            + rootDevice()
            + " ro crashkernel="
            + (ctx.family.distro().startsWith("rhel") ? "auto" : "512M-:192M")
            + " "
            + (ctx.family.distro().startsWith("rhel")
                ? "rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap rhgb quiet"
                : "console=tty0 console=ttyS0,115200n8 nvme_core.io_timeout=4294967295")
            + (ctx.family.style().equals("arm64")
                ? " smmu.bypassdev=0x1000:0x17 video=efifb:off"
                : "");
    line((x86 ? "Command line: " : "Kernel command line: ") + cmd);
    if (x86) {
      String[] fpu = {
        "0x001: 'x87 floating point registers'",
        "0x002: 'SSE registers'",
        "0x004: 'AVX registers'",
        "0x008: 'MPX bounds registers'",
        "0x010: 'MPX CSR'",
        "0x020: 'AVX-512 opmask'",
        "0x040: 'AVX-512 Hi256'",
        "0x080: 'AVX-512 ZMM_Hi256'"
      };
      for (String f : fpu) {
        line("x86/fpu: Supporting XSAVE feature " + f);
      }
      line(
          "x86/fpu: Enabled xstate features 0xff, context size is 2560 bytes, using 'compacted' format.");
    }
    if (ctx.family.arch().equals("aarch64")) {
      line("efi: Getting EFI parameters from FDT:");
      line("efi: EFI v2.70 by EDK II");
      line(
          "efi:  ACPI 2.0=0x"
              + hex(8)
              + "  SMBIOS 3.0=0x"
              + hex(8)
              + "  MEMATTR=0x"
              + hex(8)
              + "  MEMRESERVE=0x"
              + hex(8));
      line("cma: Reserved 64 MiB at 0x00000000" + hex(8));
      line("psci: probing for conduit method from ACPI.");
      line("psci: PSCIv1.1 detected in firmware.");
      line("psci: Using standard PSCI v0.2 function IDs");
      line("psci: MIGRATE_INFO_TYPE not supported.");
      line("psci: SMC Calling Convention v1.1");
    }
    if (ctx.family.arch().equals("ppc64le")) {
      line("hash-mmu: Page sizes from device-tree:");
      line("radix-mmu: Page sizes from device-tree:");
      line("radix-mmu: Page size shift = 12 AP=0x0");
      line("radix-mmu: Page size shift = 16 AP=0x5");
      line("Using pSeries machine description");
      line("Partition configured for " + ctx.cpus + " cpus.");
    }
    if (ctx.family.arch().equals("s390x")) {
      line("setup: Linux is running as a z/VM guest operating system in 64-bit mode");
      line("setup: The maximum memory size is " + (ctx.memGb * 1024) + "MB");
      line("cpu: " + ctx.cpus + " configured CPUs, 0 standby CPUs");
    }
  }

  private void memoryMap() {
    if (x86) {
      line("BIOS-provided physical RAM map:");
      long top = (long) ctx.memGb << 30;
      line("BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable");
      line("BIOS-e820: [mem 0x00000000000a0000-0x00000000000fffff] reserved");
      long at = 0x100000;
      int regions = 6 + random.nextInt(14);
      for (int i = 0; i < regions; i++) {
        long len = 0x100000L * (1 + random.nextInt(0x400));
        line(
            String.format(
                "BIOS-e820: [mem 0x%016x-0x%016x] %s",
                at,
                at + len - 1,
                i % 3 == 2
                    ? "reserved"
                    : i % 5 == 4 ? "ACPI NVS" : i % 7 == 6 ? "ACPI data" : "usable"));
        at += len;
      }
      line(
          String.format(
              "BIOS-e820: [mem 0x0000000100000000-0x%016x] usable",
              Math.max(top, 0x100000000L) + 0x100000000L - 1));
      line("NX (Execute Disable) protection: active");
      line("SMBIOS 3.2.0 present.");
      line("DMI: " + ctx.machine.dmi());
      if (!ctx.machine.virt().isEmpty()) {
        line("Hypervisor detected: " + ctx.machine.virt());
      }
      line(
          "tsc: Detected "
              + (2000 + random.nextInt(1200))
              + "."
              + (100 + random.nextInt(899))
              + " MHz processor");
      line("e820: update [mem 0x00000000-0x00000fff] usable ==> reserved");
      line("e820: remove [mem 0x000a0000-0x000fffff] usable");
      line("last_pfn = 0x" + hex(7) + " max_arch_pfn = 0x400000000");
      line("x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT  ");
      line("Using GB pages for direct mapping");
      line("RAMDISK: [mem 0x" + hex(8) + "-0x" + hex(8) + "]");
    } else {
      line("NUMA: NODE_DATA [mem 0x" + hex(10) + "-0x" + hex(10) + "]");
      line("Zone ranges:");
      line("  DMA32    [mem 0x0000000000000000-0x00000000ffffffff]");
      line(
          "  Normal   [mem 0x0000000100000000-0x"
              + FrameStyle.hex(((long) ctx.memGb << 30) - 1, 16)
              + "]");
      line("Movable zone start for each node");
      line("Early memory node ranges");
      int ranges = 4 + random.nextInt(10);
      for (int i = 0; i < ranges; i++) {
        line(
            "  node   "
                + (i * 2 / ranges)
                + ": [mem 0x"
                + FrameStyle.hex(0x2000000L * i, 16)
                + "-0x"
                + FrameStyle.hex(0x2000000L * (i + 1) - 1, 16)
                + "]");
      }
    }
  }

  private void acpiAndCpus() {
    if (!ctx.family.arch().equals("s390x") && !ctx.family.arch().equals("ppc64le")) {
      line("ACPI: Early table checksum verification disabled");
      String oem =
          ctx.machine.id().startsWith("dell")
              ? "DELL  "
              : ctx.machine.id().startsWith("hpe")
                  ? "HPE   "
                  : ctx.machine.virt().isEmpty() ? "ALASKA" : "BOCHS ";
      line("ACPI: RSDP 0x00000000000F" + hex(4) + " 000024 (v02 " + oem + ")");
      String[] tables = {
        "XSDT", "FACP", "DSDT", "FACS", "APIC", "MCFG", "SRAT", "SLIT", "HPET", "SSDT", "SSDT",
        "SSDT", "BERT", "HEST", "ERST", "EINJ", "DMAR", "SPMI", "WSMT", "SPCR", "PPTT", "IORT"
      };
      int n = ctx.machine.virt().isEmpty() ? tables.length : 8;
      for (int i = 0; i < n; i++) {
        line(
            "ACPI: "
                + tables[i]
                + " 0x00000000"
                + hex(8)
                + " 000"
                + hex(3)
                + " (v0"
                + (1 + random.nextInt(5))
                + " "
                + oem
                + " "
                + tables[i]
                + "TBL  00000001 INTL 20"
                + (100000 + random.nextInt(99999))
                + ")");
      }
      for (int i = 0; i < n; i++) {
        line(
            "ACPI: Reserving "
                + tables[i]
                + " table memory at [mem 0x"
                + hex(8)
                + "-0x"
                + hex(8)
                + "]");
      }
    }
    int nodes = ctx.cpus >= 48 ? 2 : 1;
    for (int c = 0; c < ctx.cpus; c++) {
      if (x86) {
        line(
            "SRAT: PXM "
                + (c * nodes / ctx.cpus)
                + " -> APIC 0x"
                + FrameStyle.hex(c * 2, 2)
                + " -> Node "
                + (c * nodes / ctx.cpus));
      }
    }
    line("Zone ranges:");
    line("  DMA      [mem 0x0000000000001000-0x0000000000ffffff]");
    line("  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]");
    line(
        "  Normal   [mem 0x0000000100000000-0x"
            + FrameStyle.hex(((long) ctx.memGb << 30) + 0xffffffffL, 16)
            + "]");
    for (int c = 0; c < ctx.cpus && x86; c++) {
      line("ACPI: LAPIC_NMI (acpi_id[0x" + FrameStyle.hex(c, 2) + "] high edge lint[0x1])");
    }
    line("smpboot: Allowing " + ctx.cpus + " CPUs, 0 hotplug CPUs");
    line(
        "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:"
            + ctx.cpus
            + " nr_cpu_ids:"
            + ctx.cpus
            + " nr_node_ids:"
            + nodes);
    line("percpu: Embedded 63 pages/cpu s221184 r8192 d28672 u262144");
    line(
        "Built "
            + nodes
            + " zonelists, mobility grouping on.  Total pages: "
            + (ctx.memGb * 258_000L));
    line("Policy zone: Normal");
    line(
        "Memory: "
            + (ctx.memGb * 1_040_000L)
            + "K/"
            + (ctx.memGb * 1_048_576L)
            + "K available ("
            + (12000 + random.nextInt(8000))
            + "K kernel code, "
            + (2000 + random.nextInt(3000))
            + "K rwdata)");
    line("SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=" + ctx.cpus + ", Nodes=" + nodes);
    line("rcu: Hierarchical RCU implementation.");
    line("rcu: \tRCU restricting CPUs from NR_CPUS=8192 to nr_cpu_ids=" + ctx.cpus + ".");
    line("NR_IRQS: 524544, nr_irqs: " + (1000 + ctx.cpus * 24) + ", preallocated irqs: 16");
    line("Console: colour dummy device 80x25");
    line("printk: console [tty0] enabled");
    line("printk: console [ttyS0] enabled");
    line("pid_max: default: " + Math.max(32768, ctx.cpus * 1024) + " minimum: 301");
    line("Mount-cache hash table entries: 524288 (order: 10, 4194304 bytes, vmalloc)");
    if (x86) {
      line(
          "smpboot: CPU0: "
              + ctx.machine.cpuModel()
              + " (family: 0x6, model: 0x55, stepping: 0x7)");
      line(
          "Performance Events: PEBS fmt3+, Skylake events, 32-deep LBR, full-width counters, Intel PMU driver.");
      line("smp: Bringing up secondary CPUs ...");
      line("x86: Booting SMP configuration:");
      StringBuilder sb = new StringBuilder(".... node  #0, CPUs:    ");
      for (int c = 1; c < ctx.cpus; c++) {
        sb.append(String.format(" #%2d", c));
        if (c % 16 == 0) {
          line(sb.toString());
          sb.setLength(0);
          sb.append("      ");
        }
      }
      line(sb.toString());
      for (int c = 0; c < ctx.cpus; c++) {
        line("microcode: CPU" + c + " sig=0x50657, pf=0x80, revision=0x5003604");
      }
    } else {
      for (int c = 1; c < ctx.cpus; c++) {
        if (ctx.family.arch().equals("aarch64")) {
          line("Detected VIPT I-cache on CPU" + c);
          line(
              "GICv3: CPU"
                  + c
                  + ": found redistributor "
                  + Integer.toHexString(0x10000 + c * 0x100)
                  + " region 0:0x00000000ae1"
                  + hex(5));
          line(
              "CPU"
                  + c
                  + ": Booted secondary processor 0x00000"
                  + FrameStyle.hex(0x80000 + c * 0x100, 5)
                  + " [0x481fd010]");
        } else {
          line("smp: CPU " + c + " came online");
        }
      }
    }
    line("smp: Brought up " + nodes + " node" + (nodes > 1 ? "s" : "") + ", " + ctx.cpus + " CPUs");
    line("devtmpfs: initialized");
    line(
        "clocksource: jiffies: mask: 0xffffffff max_cycles: 0xffffffff, max_idle_ns: 7645041785100000 ns");
    line("NET: Registered protocol family 16");
    line("audit: initializing netlink subsys (disabled)");
    line(
        "audit: type=2000 audit("
            + (1_600_000_000 + random.nextInt(150_000_000))
            + ".037:1): state=initialized audit_enabled=0 res=1");
    out.tick(50_000, 400_000);
  }

  private void pci() {
    if (ctx.family.arch().equals("s390x")) {
      for (int i = 0; i < 12; i++) {
        line("qeth 0.0.0" + FrameStyle.hex(0x600 + i, 3) + ": CHID: ff00 CHPID: 0x" + hex(2));
        line(
            "dasd-eckd 0.0.0"
                + FrameStyle.hex(0x100 + i, 3)
                + ": A channel path to the device has become operational");
      }
      return;
    }
    line("PCI: Using configuration type 1 for base access");
    line("ACPI: Added _OSI(Module Device)");
    line("ACPI: Added _OSI(Processor Device)");
    line("ACPI: Added _OSI(3.0 _SCP Extensions)");
    line("ACPI: Added _OSI(Processor Aggregator Device)");
    line("ACPI: Interpreter enabled");
    line("ACPI: Using IOAPIC for interrupt routing");
    line(
        "PCI: Using host bridge windows from ACPI; if necessary, use \"pci=nocrs\" and report a bug");
    int devices = ctx.machine.virt().isEmpty() ? 60 + random.nextInt(160) : 8 + random.nextInt(20);
    boolean newIommu =
        !ctx.build.release().startsWith("3.") && !ctx.build.release().startsWith("4.");
    int bus = 0;
    for (int d = 0; d < devices; d++) {
      if (d % 24 == 0) {
        bus = d == 0 ? 0 : bus + 0x17;
        line(
            String.format(
                "ACPI: PCI Root Bridge [PC%02d] (domain 0000 [bus %02x-%02x])",
                d / 24, bus, bus + 0x16));
        line(
            String.format(
                "acpi PNP0A08:%02x: _OSC: OS supports [ExtendedConfig ASPM ClockPM Segments MSI HPX-Type3]",
                d / 24));
        line(String.format("PCI host bridge to bus 0000:%02x", bus));
        line(String.format("pci_bus 0000:%02x: root bus resource [io  0x0000-0x0cf7 window]", bus));
        line(
            String.format(
                "pci_bus 0000:%02x: root bus resource [mem 0x000a0000-0x000bffff window]", bus));
      }
      String bdf =
          "0000:" + FrameStyle.hex(bus, 2) + ":" + FrameStyle.hex(d % 24, 2) + "." + (d % 3);
      int[] pair = PCI_IDS[random.nextInt(PCI_IDS.length)];
      line(
          "pci "
              + bdf
              + ": ["
              + FrameStyle.hex(pair[0], 4)
              + ":"
              + FrameStyle.hex(pair[1], 4)
              + "] type 00 class 0x"
              + FrameStyle.hex(pair[2], 6));
      int bars = random.nextInt(4);
      for (int b = 0; b < bars; b++) {
        line(
            "pci "
                + bdf
                + ": reg 0x"
                + Integer.toHexString(0x10 + 8 * b)
                + ": [mem 0x"
                + hex(8)
                + "-0x"
                + hex(8)
                + " 64bit]");
      }
      if (random.nextBoolean()) {
        line("pci " + bdf + ": PME# supported from D0 D3hot D3cold");
      }
    }
    line("iommu: Default domain type: Translated ");
    for (int d = 0; d < devices; d++) {
      String bdf =
          "0000:"
              + FrameStyle.hex((d / 24) * 0x17, 2)
              + ":"
              + FrameStyle.hex(d % 24, 2)
              + "."
              + (d % 3);
      line(
          newIommu
              ? "pci " + bdf + ": Adding to iommu group " + d
              : "iommu: Adding device " + bdf + " to group " + d);
    }
    line("vgaarb: loaded");
    line("SCSI subsystem initialized");
    line("usbcore: registered new interface driver usbfs");
    line("usbcore: registered new interface driver hub");
    line("usbcore: registered new device driver usb");
    line("pps_core: LinuxPPS API ver. 1 registered");
    line("PTP clock support registered");
    line("EDAC MC: Ver: 3.0.0");
    line("NetLabel: Initializing");
    line("clocksource: Switched to clocksource tsc-early");
    line("pnp: PnP ACPI: found " + (4 + random.nextInt(8)) + " devices");
    line("NET: Registered protocol family 2");
    line("TCP established hash table entries: 524288 (order: 10, 4194304 bytes, vmalloc)");
    line("TCP: Hash tables configured (established 524288 bind 65536)");
    line("Trying to unpack rootfs image as initramfs...");
    line("Freeing initrd memory: " + (30000 + random.nextInt(40000)) + "K");
    line("Initialise system trusted keyrings");
    line("workingset: timestamp_bits=36 max_order=26 bucket_order=0");
    line("Key type asymmetric registered");
    line("Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled");
    line("Freeing unused kernel image (initmem) memory: 2528K");
    line("Write protecting the kernel read-only data: 26624k");
    line("Run /init as init process");
    out.tick(300_000, 1_500_000);
  }

  private void devices() {
    String disk = ctx.machine.disk();
    switch (disk) {
      case "nvme" -> {
        line("nvme nvme0: pci function 0000:00:04.0");
        line(
            "nvme nvme0: "
                + (random.nextBoolean()
                    ? "2/0/0 default/read/poll queues"
                    : "8/0/0 default/read/poll queues"));
        line(" nvme0n1: p1 p2 p3");
      }
      case "virtio_blk" -> {
        line(
            "virtio_blk virtio2: [vda] "
                + (41943040 + random.nextInt(100) * 2097152)
                + " 512-byte logical blocks (21.5 GB/20.0 GiB)");
        line(" vda: vda1 vda2");
      }
      default -> {
        line(
            disk
                + " 0000:18:00.0: "
                + (disk.equals("megaraid_sas") ? "FW now in Ready state" : "driver loaded"));
        line("scsi host0: " + disk);
        for (int i = 0; i < 2 + random.nextInt(4); i++) {
          char dev = (char) ('a' + i);
          line(
              "scsi 0:2:"
                  + i
                  + ":0: Direct-Access     DELL     PERC H740P Mini  5.13 PQ: 0 ANSI: 5");
          line(
              "sd 0:2:"
                  + i
                  + ":0: [sd"
                  + dev
                  + "] "
                  + (1_171_062_784L + i * 1024L)
                  + " 512-byte logical blocks: (600 GB/558 GiB)");
          line("sd 0:2:" + i + ":0: [sd" + dev + "] Write Protect is off");
          line("sd 0:2:" + i + ":0: [sd" + dev + "] Mode Sense: 1f 00 10 08");
          line(
              "sd 0:2:"
                  + i
                  + ":0: [sd"
                  + dev
                  + "] Write cache: disabled, read cache: enabled, supports DPO and FUA");
          line(" sd" + dev + ": sd" + dev + "1 sd" + dev + "2");
          line("sd 0:2:" + i + ":0: [sd" + dev + "] Attached SCSI disk");
        }
      }
    }
    String nic = ctx.machine.nic();
    int ports = ctx.machine.virt().isEmpty() ? 2 + random.nextInt(3) : 1;
    for (int p = 0; p < ports; p++) {
      String bdf = String.format("0000:%02x:00.%d", 0x3b + p / 2, p % 2);
      switch (nic) {
        case "ixgbe" -> {
          line(
              "ixgbe "
                  + bdf
                  + ": Multiqueue Enabled: Rx Queue count = "
                  + Math.min(63, ctx.cpus)
                  + ", Tx Queue count = "
                  + Math.min(63, ctx.cpus)
                  + " XDP Queue count = 0");
          line("ixgbe " + bdf + ": 31.504 Gb/s available PCIe bandwidth (8.0 GT/s PCIe x4 link)");
          line("ixgbe " + bdf + ": MAC: 3, PHY: 0, PBA No: 000000-000");
          line("ixgbe " + bdf + ": " + mac());
          line("ixgbe " + bdf + ": Intel(R) 10 Gigabit Network Connection");
        }
        case "i40e" -> {
          line(
              "i40e "
                  + bdf
                  + ": fw 8.15.63829 api 1.12 nvm 8.40 0x8000af82 20.5.13 [8086:1572] [8086:0006]");
          line("i40e " + bdf + ": MAC address: " + mac());
          line("i40e " + bdf + ": PCI-Express: Speed 8.0GT/s Width x8");
          line(
              "i40e "
                  + bdf
                  + ": Features: PF-id["
                  + p
                  + "] VFs: 64 VSIs: 66 QP: "
                  + Math.min(64, ctx.cpus)
                  + " RSS FD_ATR FD_SB NTUPLE DCB VxLAN Geneve PTP VEPA");
        }
        case "mlx5_core" -> {
          line("mlx5_core " + bdf + ": firmware version: 16.35.2000");
          line(
              "mlx5_core "
                  + bdf
                  + ": 126.016 Gb/s available PCIe bandwidth (8.0 GT/s PCIe x16 link)");
          line(
              "mlx5_core "
                  + bdf
                  + ": Rate limit: 127 rates are supported, range: 0Mbps to 97656Mbps");
          line(
              "mlx5_core "
                  + bdf
                  + ": E-Switch: Total vports 2, per vport: max uc(1024) max mc(16384)");
          line("mlx5_core " + bdf + ": Port module event: module 0, Cable plugged");
          line("mlx5_core " + bdf + ": MLX5E: StrdRq(1) RqSz(8) StrdSz(2048) RxCqeCmprss(0)");
        }
        case "ena" -> {
          line("ena 0000:00:05.0: Elastic Network Adapter (ENA) v2.8.3g");
          line("ena 0000:00:05.0: ENA device version: 0.10");
          line("ena 0000:00:05.0: ENA controller version: 0.0.1 implementation version 1");
          line(
              "ena 0000:00:05.0: Elastic Network Adapter (ENA) found at mem febf4000, mac addr "
                  + mac());
        }
        case "hns3" -> {
          line("hns3 " + bdf + ": The firmware version is 1.9.38.22");
          line("hns3 " + bdf + ": hclge driver initialization finished.");
        }
        default -> line(nic + " " + bdf + ": registered, MAC " + mac());
      }
      line(
          nic
              + " "
              + bdf
              + " "
              + nicName.replace("0", Integer.toString(p))
              + ": renamed from eth"
              + p);
    }
    if (x86 && ctx.machine.virt().isEmpty()) {
      for (int u = 1; u <= 2; u++) {
        line(
            "usb usb"
                + u
                + ": New USB device found, idVendor=1d6b, idProduct=000"
                + (u + 1)
                + ", bcdDevice= "
                + ctx.build.release().substring(0, 4));
        line("usb usb" + u + ": New USB device strings: Mfr=3, Product=2, SerialNumber=1");
        line("usb usb" + u + ": Product: xHCI Host Controller");
        line("usb usb" + u + ": Manufacturer: Linux " + ctx.build.release() + " xhci-hcd");
        line("hub " + u + "-0:1.0: USB hub found");
        line("hub " + u + "-0:1.0: " + (u == 1 ? 16 : 10) + " ports detected");
      }
    }
  }

  private void userspace() {
    boolean rhel = ctx.family.distro().startsWith("rhel");
    boolean xfs = rhel || ctx.family.distro().equals("amzn2");
    String root = xfs ? "dm-0" : "sda2";
    if (xfs) {
      line("SGI XFS with ACLs, security attributes, scrub, quota, no debug enabled");
      line("XFS (" + root + "): Mounting V5 Filesystem");
      line("XFS (" + root + "): Ending clean mount");
    } else {
      line("EXT4-fs (" + root + "): mounted filesystem with ordered data mode. Opts: (null)");
    }
    int sd = ctx.family.distro().equals("rhel7") ? 219 : rhel ? 239 : 249;
    line(
        "systemd[1]: systemd "
            + sd
            + " running in system mode. (+PAM +AUDIT +SELINUX +IMA -APPARMOR +SMACK +SYSVINIT +UTMP +LIBCRYPTSETUP +GCRYPT +GNUTLS +ACL +XZ +LZ4 +SECCOMP +BLKID +ELFUTILS +KMOD +IDN)");
    line(
        "systemd[1]: Detected architecture "
            + (x86 ? "x86-64" : ctx.family.arch().equals("aarch64") ? "arm64" : ctx.family.arch())
            + ".");
    line("systemd[1]: Set hostname to <" + ctx.host + ">.");
    String[] units = {
      "Reached target Local File Systems (Pre).",
      "Started Journal Service.",
      "Started Create Static Device Nodes in /dev.",
      "Started udev Kernel Device Manager.",
      "Started Remount Root and Kernel File Systems.",
      "Reached target Swap.",
      "Started Load Kernel Modules.",
      "Starting Apply Kernel Variables..."
    };
    for (String u : units) {
      line("systemd[1]: " + u);
    }
    if (xfs) {
      line("XFS (" + root + "): Mounting V5 Filesystem");
      line("XFS (" + root + "): Ending clean mount");
    }
    line(
        "Adding "
            + (4_194_300 + random.nextInt(8))
            + "k swap on /dev/mapper/"
            + (rhel ? "rhel" : "vg0")
            + "-swap.  Priority:-2 extents:1 across:4194300k FS");
    if (rhel) {
      line("SELinux:  Class bpf not defined in policy.");
      line("SELinux: the above unknown classes and permissions will be allowed");
    }
    for (String m : ctx.modules) {
      String name = GeneratedFile.moduleName(m);
      if (GeneratedFile.moduleTaint(m).contains('O')) {
        line(name + ": loading out-of-tree module taints kernel.");
      }
      if (GeneratedFile.moduleTaint(m).contains('P')) {
        line(
            name
                + ": module license '"
                + (name.startsWith("nvidia") ? "NVIDIA" : "CDDL")
                + "' taints kernel.");
        line("Disabling lock debugging due to kernel taint");
      }
      if (GeneratedFile.moduleTaint(m).contains('E')) {
        line(
            name
                + ": module verification failed: signature and/or required key missing - tainting kernel");
      }
      if (GeneratedFile.moduleTaint(m).contains('T') && ctx.family.distro().equals("rhel7")) {
        line("TECH PREVIEW: " + name + " may not be fully supported.");
      }
    }
    line("IPv6: ADDRCONF(NETDEV_UP): " + nicName + ": link is not ready");
    line(nicName + ": NIC Link is Up 10 Gbps, Flow Control: RX/TX");
    line("IPv6: ADDRCONF(NETDEV_CHANGE): " + nicName + ": link becomes ready");
  }

  // ------------------------------------------------------------------------- life

  /** Messages of the machine's life: one generator per kind of line a busy server prints. */
  private final List<Function<SplittableRandom, String>> lifeLines =
      List.of(
          r -> "IPv6: ADDRCONF(NETDEV_CHANGE): veth" + hex(7) + ": link becomes ready",
          r ->
              "docker0: port "
                  + (1 + r.nextInt(40))
                  + "(veth"
                  + hex(7)
                  + ") entered forwarding state",
          r ->
              "docker0: port "
                  + (1 + r.nextInt(40))
                  + "(veth"
                  + hex(7)
                  + ") entered disabled state",
          r -> "device veth" + hex(7) + " entered promiscuous mode",
          r -> "device veth" + hex(7) + " left promiscuous mode",
          r -> "eth0: renamed from veth" + hex(7),
          r ->
              "overlayfs: upperdir is in-use as upperdir/workdir of another mount, accessing files from both mounts will result in undefined behavior.",
          r -> "nf_conntrack: nf_conntrack: table full, dropping packet",
          r -> "net_ratelimit: " + (2 + r.nextInt(400)) + " callbacks suppressed",
          r ->
              "TCP: request_sock_TCP: Possible SYN flooding on port "
                  + (r.nextBoolean() ? 443 : 8080)
                  + ". Sending cookies.  Check SNMP counters.",
          r ->
              "perf: interrupt took too long ("
                  + (2500 + r.nextInt(4000))
                  + " > "
                  + (2500 + r.nextInt(300))
                  + "), lowering kernel.perf_event_max_sample_rate to "
                  + (20000 + r.nextInt(60000)),
          r ->
              "audit: type=1400 audit("
                  + (1_690_000_000 + r.nextInt(60_000_000))
                  + "."
                  + (100 + r.nextInt(899))
                  + ":"
                  + r.nextInt(90000)
                  + "): avc:  denied  { read } for  pid="
                  + r.nextInt(400000)
                  + " comm=\"node_exporter\" name=\"stat\" dev=\"proc\" ino="
                  + r.nextInt(9_000_000)
                  + " scontext=system_u:system_r:unconfined_service_t:s0 tcontext=system_u:object_r:proc_t:s0 tclass=file permissive=0",
          r -> "nfs: server nfs" + r.nextInt(9) + ".corp not responding, still trying",
          r -> "nfs: server nfs" + r.nextInt(9) + ".corp OK",
          r ->
              "EXT4-fs (dm-"
                  + (2 + r.nextInt(6))
                  + "): mounted filesystem with ordered data mode. Quota mode: none.",
          r -> "XFS (dm-" + (2 + r.nextInt(6)) + "): Mounting V5 Filesystem",
          r -> "XFS (dm-" + (2 + r.nextInt(6)) + "): Unmounting Filesystem",
          r -> "hrtimer: interrupt took " + (100000 + r.nextInt(900000)) + " ns",
          r ->
              "INFO: NMI handler (perf_event_nmi_handler) took too long to run: "
                  + r.nextInt(5)
                  + "."
                  + (100 + r.nextInt(899))
                  + " msecs",
          r ->
              "bond0: (slave "
                  + this.nicName
                  + "): link status definitely up, 10000 Mbps full duplex",
          r ->
              "EDAC MC0: 1 CE memory read error on CPU_SrcID#0_MC#0_Chan#"
                  + r.nextInt(3)
                  + "_DIMM#0 (channel:"
                  + r.nextInt(3)
                  + " slot:0 page:0x"
                  + hex(6)
                  + " offset:0x0 grain:32 syndrome:0x0 -  err_code:0x0000:0x009f)",
          r ->
              "cgroup: fork rejected by pids controller in /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                  + hex(8)
                  + ".slice",
          r ->
              "Memory cgroup out of memory: Killed process "
                  + r.nextInt(4_000_000)
                  + " (java) total-vm:"
                  + (8_000_000 + r.nextInt(9_000_000))
                  + "kB, anon-rss:"
                  + (2_000_000 + r.nextInt(3_000_000))
                  + "kB, file-rss:"
                  + r.nextInt(40000)
                  + "kB, shmem-rss:0kB, UID:1000 pgtables:"
                  + (4000 + r.nextInt(9000))
                  + "kB oom_score_adj:"
                  + (r.nextBoolean() ? 0 : 999),
          r ->
              "IPVS: rr: TCP 10."
                  + r.nextInt(255)
                  + "."
                  + r.nextInt(255)
                  + "."
                  + r.nextInt(255)
                  + ":"
                  + (30000 + r.nextInt(2767))
                  + " - no destination available",
          r ->
              "sd 0:2:0:0: [sda] tag#"
                  + r.nextInt(900)
                  + " FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=0s",
          r ->
              "usb 1-"
                  + (1 + r.nextInt(4))
                  + ": new high-speed USB device number "
                  + (2 + r.nextInt(30))
                  + " using xhci_hcd",
          r ->
              "systemd-journald["
                  + (500 + r.nextInt(500))
                  + "]: Data hash table of /var/log/journal/"
                  + hex(32)
                  + "/system.journal has a fill level at 75.0 (8533 of 11377 items, 6553600 file size, 768 bytes per hash table item), suggesting rotation.",
          r -> "TCP: out of memory -- consider tuning tcp_mem",
          r -> "kauditd_printk_skb: " + (1 + r.nextInt(60)) + " callbacks suppressed",
          r ->
              "process '"
                  + (r.nextBoolean() ? "/usr/bin/containerd-shim-runc-v2" : "/opt/app/bin/worker")
                  + "' started with executable stack");

  private void life(int targetBytes, long untilMicros) {
    // Bursts: some kinds of message come in runs (a flapping link, a SYN flood, a container churn).
    while (out.length() < targetBytes) {
      Function<SplittableRandom, String> kind = lifeLines.get(random.nextInt(lifeLines.size()));
      int burst = 1 + (random.nextInt(4) == 0 ? random.nextInt(12) : 0);
      for (int b = 0; b < burst && out.length() < targetBytes; b++) {
        // Spread what is left of the target over what is left of the time, never past the crash.
        long linesLeft = Math.max(1, (targetBytes - out.length()) / 110);
        long timeLeft = untilMicros - out.micros();
        long step = Math.max(1, timeLeft / (linesLeft + 1));
        out.tick(1, Math.max(1, Math.min(2 * step, timeLeft - linesLeft)));
        out.lineNow(kind.apply(random));
      }
    }
    out.jumpTo(untilMicros);
  }

  // ------------------------------------------------------------------------- helpers

  private void line(String text) {
    out.tick(20, 2_000);
    out.lineNow(text);
  }

  private String rootDevice() {
    return switch (ctx.family.distro()) {
      case "rhel7", "rhel8", "rhel9" -> "/dev/mapper/rhel-root";
      case "amzn2" -> "UUID=" + uuid();
      default -> "UUID=" + uuid();
    };
  }

  private String uuid() {
    return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
  }

  private String mac() {
    return hex(2) + ":" + hex(2) + ":" + hex(2) + ":" + hex(2) + ":" + hex(2) + ":" + hex(2);
  }

  private String hex(int digits) {
    return Stable.hex(random, digits);
  }

  private static String nicName(String driver) {
    return switch (driver) {
      case "virtio_net", "vmxnet3", "ena" -> "eth0";
      case "ibmveth" -> "env2";
      case "qeth" -> "enc600";
      default -> "eno0";
    };
  }

  /** Vendor, device and class of common server PCI functions. */
  private static final int[][] PCI_IDS = {
    {0x8086, 0x2020, 0x060000}, {0x8086, 0x2021, 0x088000}, {0x8086, 0x2024, 0x088000},
    {0x8086, 0x2025, 0x088000}, {0x8086, 0x2030, 0x060400}, {0x8086, 0xa1c8, 0x060100},
    {0x8086, 0xa182, 0x010601}, {0x8086, 0xa1d2, 0x010601}, {0x8086, 0xa1a3, 0x0c0500},
    {0x8086, 0x1572, 0x020000}, {0x8086, 0x10fb, 0x020000}, {0x15b3, 0x1017, 0x020000},
    {0x1000, 0x0016, 0x010400}, {0x102b, 0x0536, 0x030000}, {0x8086, 0x2058, 0x088000},
    {0x8086, 0x2088, 0x110100}, {0x8086, 0x208d, 0x088000}, {0x144d, 0xa808, 0x010802},
    {0x1af4, 0x1000, 0x020000}, {0x1af4, 0x1001, 0x010000}, {0x19e5, 0xa222, 0x020000}
  };
}
