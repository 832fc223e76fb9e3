package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Panics of kernel Rust code (rust/kernel/lib.rs: the message, then BUG() from a C helper): titled
 * by the message and the Rust function that panicked, demangled, not "kernel BUG in
 * rust_helper_BUG" for every one of them. Hand-written logs in the shapes the kernel prints.
 */
class RustPanicTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  /** A Rust >= 1.73 panic on x86 with another CPU's audit lines printed in between. */
  static final String NEW_FORMAT =
      String.join(
          "\n",
          "[   41.100001][  T512] rust_kernel: panicked at drivers/block/rnull.rs:210:17:",
          "[   41.100001][  T512] attempt to add with overflow",
          "[   41.100310][   T36] audit: type=1400 audit(1750305980.320:67): avc:  denied  { mount } for  pid=511",
          "[   41.100420][  T512] ------------[ cut here ]------------",
          "[   41.100530][   T36] audit: type=1400 audit(1750305980.320:68): avc:  denied  { mounton } for  pid=511",
          "[   41.100640][  T512] kernel BUG at rust/helpers/bug.c:7!",
          "[   41.100750][  T512] Oops: invalid opcode: 0000 [#1] PREEMPT SMP PTI",
          "[   41.100860][  T512] CPU: 1 UID: 0 PID: 512 Comm: fio Not tainted 6.13.0 #1",
          "[   41.100970][  T512] Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3 04/01/2014",
          "[   41.101080][  T512] RIP: 0010:rust_helper_BUG+0x8/0x10",
          "[   41.101190][  T512] Call Trace:",
          "[   41.101200][  T512]  <TASK>",
          "[   41.101210][  T512]  _RNvCs1a2b3c_7___rustc17rust_begin_unwind+0x15b/0x160",
          "[   41.101220][  T512]  ? __cfi__RNvCs1a2b3c_7___rustc17rust_begin_unwind+0x10/0x10",
          "[   41.101230][  T512]  _RNvNtCs4d5e_4core9panicking9panic_fmt+0x84/0x90",
          "[   41.101240][  T512]  _RNvNtNtCs4d5e_4core9panicking11panic_const24panic_const_add_overflow+0xb2/0xc0",
          "[   41.101250][  T512]  _RNvMs0_NtCs7f_5rnull5queueNtB5_5Queue11queue_rq_fn+0x1a5/0x260 [rnull_mod]",
          "[   41.101260][  T512]  __blk_mq_issue_directly+0xe0/0x2a0",
          "[   41.101270][  T512]  blk_mq_try_issue_directly+0x112/0x1f0",
          "[   41.101280][  T512]  blk_mq_submit_bio+0x6d3/0x940",
          "[   41.101290][  T512]  submit_bio_noacct_nocheck+0x2e1/0x3b0",
          "[   41.101300][  T512]  </TASK>",
          "");

  /** Rust before 1.73: the message first, quoted, then the location; an arm64 trace. */
  static final String OLD_FORMAT =
      String.join(
          "\n",
          "[  212.441020] rust_kernel: panicked at 'called `Option::unwrap()` on a `None` value', drivers/gpu/drm/nova/gem.rs:88:41",
          "[  212.441151] ------------[ cut here ]------------",
          "[  212.441160] kernel BUG at rust/helper.c:19!",
          "[  212.441170] Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP",
          "[  212.441180] CPU: 3 PID: 1880 Comm: Xorg Not tainted 6.6.0 #1",
          "[  212.441190] Hardware name: linux,dummy-virt (DT)",
          "[  212.441200] pc : rust_helper_BUG+0x8/0xc",
          "[  212.441210] lr : _RNvCs0x_7___rustc17rust_begin_unwind+0x74/0x78",
          "[  212.441220] Call trace:",
          "[  212.441230]  rust_helper_BUG+0x8/0xc",
          "[  212.441240]  _RNvCs0x_7___rustc17rust_begin_unwind+0x74/0x78",
          "[  212.441250]  _RNvNtCs1y_4core9panicking9panic_fmt+0x34/0x38",
          "[  212.441260]  _RNvNtCs1y_4core9panicking5panic+0x38/0x3c",
          "[  212.441270]  _RNvNtCs1y_4core6option13unwrap_failed+0x20/0x24",
          "[  212.441280]  _RNvXs2_NtCs2z_4nova3gemNtB5_9GemObjectNtNtCs3w_6kernel3drm6Object4free+0x90/0xa8",
          "[  212.441290]  drm_gem_object_free+0x1c/0x30",
          "[  212.441300]  drm_gem_object_release_handle+0x7c/0xa0",
          "[  212.441310]  idr_for_each+0x68/0x108",
          "");

  private static Report primary(String log) {
    ParsedFile parsed = PARSER.parse(log.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    List<Report> primaries = parsed.reports().stream().filter(Report::primary).toList();
    assertThat(primaries).hasSize(1);
    return primaries.get(0);
  }

  @Test
  void theMessageOnItsOwnLineAndTheRustFunctionThatPanicked() {
    ParsedFile parsed = PARSER.parse(NEW_FORMAT.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.reports())
        .as("the BUG() the panic handler calls is part of the panic's report")
        .hasSize(1);
    Report r = primary(NEW_FORMAT);
    assertThat(r.crashClass()).isEqualTo("rust-panic");
    assertThat(r.title())
        .isEqualTo("attempt to add with overflow in <rnull::queue::Queue>::queue_rq_fn");
    assertThat(r.guiltyFrame()).isEqualTo("<rnull::queue::Queue>::queue_rq_fn");
    assertThat(r.guiltyModule()).isEqualTo("rnull_mod");
  }

  @Test
  void theOldQuotedMessageAndATraitMethodOnArm64() {
    Report r = primary(OLD_FORMAT);
    assertThat(r.crashClass()).isEqualTo("rust-panic");
    assertThat(r.title())
        .isEqualTo(
            "called `Option::unwrap()` on a `None` value in"
                + " <nova::gem::GemObject as kernel::drm::Object>::free");
  }

  @Test
  void rustFramesAreStoredDemangledWithTheSymbolAsPrinted() {
    Report r = primary(NEW_FORMAT);
    assertThat(r.frames()).extracting(Frame::function).contains("core::panicking::panic_fmt");
    assertThat(r.frames())
        .filteredOn(f -> f.function().equals("<rnull::queue::Queue>::queue_rq_fn"))
        .extracting(Frame::symbol)
        .containsExactly("_RNvMs0_NtCs7f_5rnull5queueNtB5_5Queue11queue_rq_fn");
  }
}
