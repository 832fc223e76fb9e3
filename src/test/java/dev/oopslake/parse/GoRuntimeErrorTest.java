package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.parse;
import static dev.oopslake.parse.TestLogs.primary;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Not the kernel: a Go program on the console (a test harness, a fleet agent) that died. Go's
 * runtime/panic.go throw() prints "fatal error: " and any message, then its traceback; the messages
 * are the runtime's own, so the traceback is what tells them from another program's "fatal error:".
 * Hand-written in the forms Go prints.
 */
class GoRuntimeErrorTest {

  @Test
  void anyThrowFollowedByTheSystemStackIsAGoRuntimeError() {
    Report r =
        primary(
            "fatal error: timer: bad heap position", "", "runtime stack:", "runtime.throw(...)");
    assertThat(r.crashClass()).isEqualTo("go-runtime-error");
    assertThat(r.title()).isEqualTo("go runtime error");
  }

  @Test
  void aGoroutineTracebackOrTheKillingSignalConfirmItToo() {
    assertThat(
            primary(
                    "fatal error: sweep increased allocation count",
                    "",
                    "goroutine 7 [running]:",
                    "runtime.throw({0x9a3f21, 0x1d})")
                .title())
        .isEqualTo("go runtime error");
    assertThat(
            primary(
                    "fatal error: unexpected signal during runtime execution",
                    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4321ab]")
                .title())
        .isEqualTo("go runtime error");
  }

  @Test
  void aCompilersFatalErrorIsNoCrash() {
    ParsedFile parsed =
        parse(
            "[  412.100001] cc1: fatal error: linux/quux.h: No such file or directory",
            "fatal error: linux/quux.h: No such file or directory",
            "compilation terminated.",
            "make[2]: *** [scripts/Makefile.build:243: quux.o] Error 1");
    assertThat(parsed.status()).isEqualTo(FileOutcome.NO_CRASH);
  }
}
