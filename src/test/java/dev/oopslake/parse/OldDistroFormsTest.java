package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What kernels before 3.10 print, as RHEL 5 and 6 fleets still keep them: the "Pid: N, comm:" line
 * that names the task and release, SLUB's "BUG cache: reason" header without the taint, and call
 * traces whose every frame the unwinder marked "?". Hand-written logs in the forms the 2.6 and 3.2
 * sources print.
 */
class OldDistroFormsTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  private static Report primary(String... lines) {
    ParsedFile parsed = PARSER.parse(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    return parsed.reports().get(0);
  }

  @Test
  void aRhel6WarningWithEveryFrameMarkedUnreliableNamesTheDriverAndItsRelease() {
    Report r =
        primary(
            "[  234.567890] ------------[ cut here ]------------",
            "[  234.567891] WARNING: at drivers/scsi/myhba/myhba_io.c:812 myhba_complete_io+0x1a5/0x2c0"
                + " [myhba]()",
            "[  234.567892] Modules linked in: myhba(U) sd_mod",
            "[  234.567893] Pid: 2211, comm: kworker/u16:3 Tainted: G        W  ---------------   "
                + " 2.6.32-754.el6.x86_64 #1 Dell Inc. PowerEdge R720/0X3D66",
            "[  234.567894] Call Trace:",
            "[  234.567895]  [<ffffffff8107c6e7>] ? warn_slowpath_common+0x87/0xc0",
            "[  234.567896]  [<ffffffff8107c73a>] ? warn_slowpath_null+0x1a/0x20",
            "[  234.567897]  [<ffffffffa01234a5>] ? myhba_complete_io+0x1a5/0x2c0 [myhba]",
            "[  234.567898]  [<ffffffffa0123812>] ? myhba_isr+0x92/0x110 [myhba]",
            "[  234.567899]  [<ffffffff810e0a4d>] ? handle_IRQ_event+0x3d/0x170",
            "");
    assertThat(r.title()).isEqualTo("WARNING in myhba_complete_io");
    assertThat(r.corrupted()).isFalse();
    assertThat(r.guiltyModule()).isEqualTo("myhba");
    assertThat(r.kernel().release()).isEqualTo("2.6.32-754.el6.x86_64");
    assertThat(r.comm()).isEqualTo("kworker/u16:3");
    assertThat(r.pid()).isEqualTo(2211);
    assertThat(r.hardware()).isEqualTo("Dell Inc. PowerEdge R720/0X3D66");
    assertThat(r.taint().letters()).contains("W");
  }

  @Test
  void aModernStackOfNothingButLeftoversStaysCorrupted() {
    Report r =
        primary(
            "[  202.693500][ T9969] BUG: kernel NULL pointer dereference, address: 0000000000000000",
            "[  202.693510][ T9969] Oops: 0000 [#1] PREEMPT SMP KASAN",
            "[  202.693520][ T9969] CPU: 1 PID: 9969 Comm: probe Not tainted 6.1.0 #1",
            "[  202.693530][ T9969] RIP: 0010:0x0",
            "[  202.693540][ T9969] Call Trace:",
            "[  202.693582][ T9969]  ? gizmo_poll+0x154/0x280",
            "[  202.693597][ T9969]  ? gizmo_poll+0x132/0x280",
            "[  202.693606][ T9969]  ? gizmo_wait+0x8/0x8",
            "");
    assertThat(r.corrupted())
        .as("ORC and frame-pointer kernels mark only leftovers: a chain of them is lost")
        .isTrue();
  }

  @Test
  void oldSlubHeadersAreSlabErrorsNamingTheCachesUser() {
    Report poison =
        primary(
            "[  333.000000] =============================================================================",
            "[  333.000001] BUG kmalloc-128: Poison overwritten",
            "[  333.000002] -----------------------------------------------------------------------------",
            "[  333.000003] ",
            "[  333.000004] INFO: 0xffff88003a4b5c10-0xffff88003a4b5c13. First byte 0x0 instead of 0x6b",
            "[  333.000005] INFO: Allocated in gizmo_alloc_req+0x2a/0x90 [gizmo] age=1021 cpu=1 pid=2001",
            "[  333.000015] INFO: Slab 0xffffea0000e92d00 objects=32 used=30 fp=0xffff88003a4b5d80",
            "[  333.000017] Pid: 2001, comm: gizmod Tainted: G    B      O 3.2.0-4-amd64 #1 Debian"
                + " 3.2.102-1",
            "[  333.000018] Call Trace:",
            "[  333.000019]  [<ffffffff810f2d61>] ? check_bytes_and_report+0xae/0xf0",
            "[  333.000020]  [<ffffffff810f2e4a>] ? check_object+0xa5/0x1c8",
            "[  333.000021]  [<ffffffff810f3a2f>] ? alloc_debug_processing+0x5d/0xf2",
            "[  333.000022]  [<ffffffff810f4a8e>] ? __slab_alloc+0x3f1/0x450",
            "[  333.000023]  [<ffffffffa0222b3a>] ? gizmo_alloc_req+0x2a/0x90 [gizmo]",
            "");
    assertThat(poison.crashClass()).isEqualTo("slab-error");
    assertThat(poison.title()).isEqualTo("BUG: Poison overwritten");
    assertThat(poison.guiltyFrame()).isEqualTo("gizmo_alloc_req");
    assertThat(poison.guiltyModule()).isEqualTo("gizmo");
    assertThat(poison.kernel().release()).isEqualTo("3.2.0-4-amd64");

    Report remaining =
        primary(
            "[  900.100000] =============================================================================",
            "[  900.100001] BUG gizmo_cache (Tainted: G           O   ): Objects remaining in gizmo_cache"
                + " on __kmem_cache_shutdown()",
            "[  900.100002] -----------------------------------------------------------------------------",
            "[  900.100005] CPU: 0 PID: 5120 Comm: rmmod Tainted: G    B      O 4.18.0-305.el8.x86_64 #1",
            "[  900.100006] Call Trace:",
            "[  900.100007]  dump_stack+0x5c/0x80",
            "[  900.100008]  slab_err+0xa6/0xd0",
            "[  900.100009]  __kmem_cache_shutdown+0x1b1/0x2c0",
            "[  900.100010]  shutdown_cache+0x13/0x1b0",
            "[  900.100011]  kmem_cache_destroy+0x44/0xf0",
            "[  900.100012]  gizmo_exit+0x26/0x40 [gizmo]",
            "[  900.100013]  __x64_sys_delete_module+0x16b/0x2e0",
            "");
    assertThat(remaining.title())
        .isEqualTo("BUG: Objects remaining in gizmo_cache on __kmem_cache_shutdown()");
    assertThat(remaining.guiltyFrame())
        .as("the module exit that destroyed a cache with objects left, past the allocator")
        .isEqualTo("gizmo_exit");
  }

  @Test
  void aBareBugLineWithoutASlubReasonIsNoCrash() {
    ParsedFile parsed =
        PARSER.parse(
            "[   10.000000] BUG tracker: ticket 4711 closed\n[   11.000000] eth0: link up\n"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.NO_CRASH);
  }
}
