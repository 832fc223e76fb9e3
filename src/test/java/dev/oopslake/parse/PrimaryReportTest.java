package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.parse;
import static dev.oopslake.parse.TestLogs.primary;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * kdump keeps the whole ring buffer: a WARNING the host survived at boot sits ahead of the oops
 * that brought it down a day later. The file's crash is the oops; a cascade (reports within
 * seconds) still starts at its first report, and a console whose clock goes back tells nothing.
 */
class PrimaryReportTest {

  /** Ubuntu 22.04 boot: the ast driver warns while udev loads it. */
  private static final String[] BOOT_WARNING = {
    "Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023 (Ubuntu 5.15.0-91.101-generic 5.15.131)",
    "Command line: BOOT_IMAGE=/boot/vmlinuz-5.15.0-91-generic root=UUID=1234 ro crashkernel=512M-:192M",
    "------------[ cut here ]------------",
    "WARNING: CPU: 5 PID: 412 at drivers/gpu/drm/ast/ast_mode.c:1120 ast_crtc_atomic_check+0x1d2/0x1f0 [ast]",
    "Modules linked in: ast(+) drm_vram_helper i2c_algo_bit drm_ttm_helper ttm drm_kms_helper syscopyarea sysfillrect sysimgblt fb_sys_fops cec rc_core drm",
    "CPU: 5 PID: 412 Comm: systemd-udevd Not tainted 5.15.0-91-generic #101-Ubuntu",
    "Hardware name: Supermicro SYS-1029P-WTR/X11DDW-L, BIOS 3.4 10/28/2020",
    "RIP: 0010:ast_crtc_atomic_check+0x1d2/0x1f0 [ast]",
    "Call Trace:",
    " <TASK>",
    " ? show_regs.cold+0x1a/0x1f",
    " ? ast_crtc_atomic_check+0x1d2/0x1f0 [ast]",
    " ? __warn+0x8b/0xe0",
    " drm_atomic_helper_check_planes+0x130/0x220 [drm_kms_helper]",
    " drm_atomic_helper_check+0x1b/0xa0 [drm_kms_helper]",
    " drm_atomic_check_only+0x1bd/0x430 [drm]",
    " drm_atomic_commit+0x18/0x60 [drm]",
    " drm_client_modeset_commit_atomic+0x211/0x250 [drm]",
    " drm_client_modeset_commit_locked+0x56/0x150 [drm]",
    " </TASK>",
    "---[ end trace 6b2e5b7c1a0d1f11 ]---",
    "EXT4-fs (sda2): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.",
  };

  /** The crash: mlx5's receive path dereferences NULL in softirq, and the kernel panics. */
  private static final String[] OOPS = {
    "BUG: kernel NULL pointer dereference, address: 0000000000000048",
    "#PF: supervisor read access in kernel mode",
    "#PF: error_code(0x0000) - not-present page",
    "PGD 0 P4D 0 ",
    "Oops: 0000 [#1] SMP NOPTI",
    "CPU: 12 PID: 0 Comm: swapper/12 Tainted: G        W          5.15.0-91-generic #101-Ubuntu",
    "Hardware name: Supermicro SYS-1029P-WTR/X11DDW-L, BIOS 3.4 10/28/2020",
    "RIP: 0010:mlx5e_poll_rx_cq+0x3a1/0xa10 [mlx5_core]",
    "Call Trace:",
    " <IRQ>",
    " mlx5e_napi_poll+0xe5/0x6e0 [mlx5_core]",
    " __napi_poll+0x33/0x180",
    " net_rx_action+0x126/0x280",
    " __do_softirq+0xd9/0x2e7",
    " irq_exit_rcu+0x75/0xa0",
    " common_interrupt+0x8e/0xa0",
    " </IRQ>",
    "Modules linked in: mlx5_ib ib_uverbs ib_core mlx5_core mlxfw psample tls ast drm_vram_helper",
    "CR2: 0000000000000048",
    "---[ end trace 6b2e5b7c1a0d1f12 ]---",
    "Kernel panic - not syncing: Fatal exception in interrupt",
    "Kernel Offset: 0x2a000000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)",
  };

  /** The lines with dmesg timestamps: {@code lines} from {@code start} seconds, 1 ms apart. */
  private static List<String> at(double start, String... lines) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      out.add(String.format(Locale.ROOT, "[%12.6f] %s", start + i * 0.001, lines[i]));
    }
    return out;
  }

  private static List<String> warningThenOops(double warnAt, double oopsAt) {
    List<String> log = new ArrayList<>(at(warnAt, BOOT_WARNING));
    log.addAll(at(oopsAt, OOPS));
    return log;
  }

  @Test
  void theOopsADayAfterASurvivedWarningIsTheCrash() {
    ParsedFile parsed = parse(warningThenOops(3.2, 86123.4));
    assertThat(parsed.reports()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(parsed.reports().get(0).title()).isEqualTo("WARNING in ast_crtc_atomic_check");
    assertThat(parsed.reports().get(0).primary()).isFalse();
    Report crash = primary(parsed);
    assertThat(crash.title())
        .isEqualTo("BUG: unable to handle kernel NULL pointer dereference in mlx5e_poll_rx_cq");
    assertThat(crash.guiltyModule()).isEqualTo("mlx5_core");
  }

  @Test
  void uptimesPastTwentySevenHoursAndMonthsReadAsWell() {
    assertThat(primary(parse(warningThenOops(150_000.5, 7_950_000.25))).guiltyModule())
        .isEqualTo("mlx5_core");
  }

  @Test
  void aWarningSecondsBeforeTheOopsStartsTheCascade() {
    assertThat(primary(parse(warningThenOops(86_120.0, 86_123.4))).title())
        .isEqualTo("WARNING in ast_crtc_atomic_check");
  }

  @Test
  void aLogWithoutTimestampsKeepsItsFirstReport() {
    List<String> log = new ArrayList<>(List.of(BOOT_WARNING));
    log.addAll(List.of(OOPS));
    assertThat(primary(parse(log)).title()).isEqualTo("WARNING in ast_crtc_atomic_check");
  }

  @Test
  void aConsoleWhoseClockGoesBackTellsNoTimePassed() {
    // Two consoles interleaved: the warning's lines at 3 s continue after the oops's at 86123 s.
    List<String> log = new ArrayList<>(at(3.2, BOOT_WARNING).subList(0, 4));
    log.addAll(at(86_123.4, OOPS));
    log.addAll(at(3.3, BOOT_WARNING).subList(4, BOOT_WARNING.length));
    // Its trace cut off from its header, the warning reads as corrupted; it stays the crash.
    assertThat(primary(parse(log)).crashClass()).isEqualTo("warning");
  }

  @Test
  void aSyslogFileCarriesTheKernelClockToo() {
    List<String> log = new ArrayList<>();
    for (String line : warningThenOops(3.2, 86123.4)) {
      log.add("Dec  7 16:37:20 web-07 kernel: " + line);
    }
    assertThat(primary(parse(log)).guiltyModule()).isEqualTo("mlx5_core");
  }

  @Test
  void theClockIsReadFromTheDecorationsOnly() {
    LogLines lines =
        LogLines.split(
            "[7950000.250001] x [5.000000]\nno clock [1.000000]\n[    0.000002] y\n"
                .getBytes(StandardCharsets.US_ASCII),
            0,
            67);
    assertThat(PrimaryReport.kernelMicros(lines, 0)).isEqualTo(7_950_000_250_001L);
    assertThat(PrimaryReport.kernelMicros(lines, 1)).isEqualTo(-1);
    assertThat(PrimaryReport.kernelMicros(lines, 2)).isEqualTo(2);
  }

  @Test
  void aDumpForcedHoursAfterAHangIsTheHangs() {
    // RHEL 9: a task hangs on a block driver; the hung-task warnings stop after ten, the host stays
    // hung, and an hour later someone forces a dump with sysrq-c.
    List<String> log =
        new ArrayList<>(
            at(
                5000.1,
                "INFO: task postgres:8812 blocked for more than 122 seconds.",
                "      Not tainted 5.14.0-362.8.1.el9_3.x86_64 #1",
                "task:postgres        state:D stack:0     pid:8812  ppid:8800   flags:0x00000002",
                "Call Trace:",
                " <TASK>",
                " __schedule+0x21b/0x550",
                " schedule+0x2d/0x70",
                " io_schedule+0x42/0x70",
                " quux_blk_wait+0x8e/0x120 [quux_blk]",
                " quux_blk_submit+0x1a0/0x300 [quux_blk]",
                " submit_bio_noacct+0x28c/0x590",
                " </TASK>"));
    log.addAll(
        at(
            9000.2,
            "sysrq: Trigger a crash",
            "Kernel panic - not syncing: sysrq triggered crash",
            "CPU: 0 PID: 99121 Comm: bash Kdump: loaded Not tainted 5.14.0-362.8.1.el9_3.x86_64 #1",
            "Call Trace:",
            " <TASK>",
            " panic+0x102/0x2d4",
            " sysrq_handle_crash+0x16/0x20",
            " write_sysrq_trigger+0x24/0x40",
            " </TASK>"));
    assertThat(primary(parse(log)).title()).isEqualTo("INFO: task hung in quux_blk_wait");
    // The same forced dump after a boot-time warning is a dump of its own.
    List<String> afterWarning = new ArrayList<>(at(3.2, BOOT_WARNING));
    afterWarning.addAll(log.subList(12, log.size()));
    assertThat(primary(parse(afterWarning)).title())
        .isEqualTo("kernel panic: sysrq triggered crash");
  }

  @Test
  void aPanicWhoseOopsTheLogLostSaysItsCauseIsMissing() {
    // panic_on_oops ends an oops with panic("Fatal exception"), panic_on_warn a warning: when the
    // file holds the panic but not what it ends, the crash's cause is not in the log.
    Report lost =
        primary(
            "[ 5000.100025] Kernel panic - not syncing: Fatal exception in interrupt",
            "[ 5000.100026] Kernel Offset: 0x1e000000 from 0xffffffff81000000",
            "[ 5000.100027] ---[ end Kernel panic - not syncing: Fatal exception in interrupt ]---");
    assertThat(lost.title()).isEqualTo("kernel panic: Fatal exception");
    assertThat(lost.corrupted()).isTrue();
    assertThat(lost.corruptedReason()).isEqualTo("the oops this panic ends is not in the log");
    assertThat(
            primary("[   92.040633] Kernel panic - not syncing: panic_on_warn set ...")
                .corruptedReason())
        .isEqualTo("the warning this panic ends is not in the log");

    ParsedFile kept =
        parse(
            "[ 5000.100001] BUG: kernel NULL pointer dereference, address: 0000000000000010",
            "[ 5000.100005] Oops: 0000 [#1] SMP NOPTI",
            "[ 5000.100006] CPU: 7 PID: 0 Comm: swapper/7 Not tainted 6.1.0 #1",
            "[ 5000.100008] RIP: 0010:quux_poll+0x12a/0x1540 [quux]",
            "[ 5000.100009] Call Trace:",
            "[ 5000.100010]  quux_poll+0x12a/0x1540 [quux]",
            "[ 5000.100011]  net_rx_action+0x17f/0x350",
            "[ 5000.100025] Kernel panic - not syncing: Fatal exception in interrupt");
    assertThat(kept.reports()).hasSize(2).noneMatch(Report::corrupted);
    // The same words from another cause (a user's panic message) are no lost report.
    assertThat(
            primary("[   12.1] Kernel panic - not syncing: VFS: Unable to mount root fs")
                .corrupted())
        .isFalse();
  }
}
