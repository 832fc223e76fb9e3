package dev.oopslake.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A realistic parser input made up for the benchmark: mostly dmesg boot noise (hundreds of KB of
 * plausible lines) with a few crash reports in it, deterministic for a seed.
 */
public final class ParserBenchInput {
  private ParserBenchInput() {}

  private static final String[] NOISE = {
    "Linux version 5.10.0-21-amd64 (debian-kernel@lists.debian.org) (gcc-10 (Debian 10.2.1-6) 10.2.1) #1 SMP Debian 5.10.162-1 (2023-01-21)",
    "Command line: BOOT_IMAGE=/boot/vmlinuz-5.10.0-21-amd64 root=UUID=4f1c0a5e ro quiet crashkernel=256M",
    "x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'",
    "BIOS-e820: [mem 0x0000000000100000-0x00000000bffdffff] usable",
    "ACPI: RSDP 0x00000000000F5A10 000014 (v00 BOCHS )",
    "ACPI: Local APIC address 0xfee00000",
    "pci 0000:00:01.1: legacy IDE quirk: reg 0x10: [io  0x01f0-0x01f7]",
    "pci 0000:00:02.0: reg 0x10: [mem 0xfc000000-0xfdffffff pref]",
    "clocksource: tsc-early: mask: 0xffffffffffffffff max_cycles: 0x2b3e459bf4c, max_idle_ns: 440795289890 ns",
    "Memory: 8041184K/8388088K available (12297K kernel code, 2549K rwdata, 6872K rodata, 2440K init)",
    "rcu: Hierarchical RCU implementation.",
    "NET: Registered protocol family 16",
    "audit: initializing netlink subsys (disabled)",
    "usb 1-1: new full-speed USB device number 2 using uhci_hcd",
    "usb 1-1: New USB device found, idVendor=0627, idProduct=0001, bcdDevice= 0.00",
    "input: QEMU QEMU USB Tablet as /devices/pci0000:00/0000:00:01.2/usb1/1-1/1-1:1.0/0003:0627:0001.0001/input/input5",
    "EXT4-fs (vda1): mounted filesystem with ordered data mode. Opts: (null)",
    "systemd[1]: Started Journal Service.",
    "e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX",
    "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready",
    "random: crng init done",
    "virtio_net virtio0 ens3: renamed from eth0",
    "sd 0:0:0:0: [sda] 41943040 512-byte logical blocks: (21.5 GB/20.0 GiB)",
    "kvm: Nested Virtualization enabled",
    "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.",
  };

  private static final String CRASH =
      String.join(
          "\n",
          "BUG: scheduling while atomic: kworker/3:1/2231/0x00000201",
          "Modules linked in: nf_tables nfnetlink vhost_net vhost tap tun bridge stp llc mydrv(OE)",
          " virtio_blk virtio_net virtio_pci virtio_ring virtio",
          "CPU: 3 PID: 2231 Comm: kworker/3:1 Tainted: G           OE     5.10.0-21-amd64 #1",
          "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.14.0-2 04/01/2014",
          "Workqueue: events mydrv_poll_work [mydrv]",
          "Call Trace:",
          " dump_stack+0x6b/0x83",
          " __schedule_bug.cold+0x4c/0x58",
          " __schedule+0x6a1/0x8c0",
          " schedule+0x46/0xb0",
          " schedule_timeout+0x118/0x150",
          " ? __next_timer_interrupt+0x110/0x110",
          " mydrv_wait_ready+0x5e/0x90 [mydrv]",
          " mydrv_poll_work+0x3c/0x120 [mydrv]",
          " process_one_work+0x1b6/0x350",
          " worker_thread+0x53/0x3e0",
          " ? process_one_work+0x350/0x350",
          " kthread+0x11b/0x140",
          " ? __kthread_bind_mask+0x60/0x60",
          " ret_from_fork+0x22/0x30");

  /**
   * About {@code targetBytes} of log: noise lines with a crash report every {@code every} lines.
   */
  public static byte[] generate(int targetBytes, int every, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(targetBytes + 4096);
    double t = 0.0;
    int n = 0;
    while (sb.length() < targetBytes) {
      t += r.nextDouble() * 0.01;
      String ts = String.format("[%12.6f] ", t);
      if (++n % every == 0) {
        for (String line : CRASH.split("\n")) {
          sb.append(ts).append(line).append('\n');
        }
      } else {
        sb.append(ts).append(NOISE[r.nextInt(NOISE.length)]).append('\n');
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
