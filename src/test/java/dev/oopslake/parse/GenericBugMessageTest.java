package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * "BUG: <what went wrong>" (or "WARNING: ...") then a stack dump is the kernel's own way to report
 * a bug, in many more wordings than any table lists. A wording the table does not know is still a
 * crash when the stack follows it; without a stack right after it, it is a message like any other.
 */
class GenericBugMessageTest {

  private static final String[] DUMP_STACK = {
    "[  100.000010] CPU: 1 PID: 4321 Comm: gizmod Not tainted 5.10.0 #1",
    "[  100.000011] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)",
    "[  100.000012] Call Trace:",
    "[  100.000013]  dump_stack+0x107/0x163",
    "[  100.000015]  gizmo_frob+0x1a/0x40 [gizmo]",
    "[  100.000016]  gizmo_ioctl+0x2a/0x90 [gizmo]",
    "[  100.000017]  __x64_sys_ioctl+0x193/0x200",
    "[  100.000018]  do_syscall_64+0x2d/0x70",
  };

  private static String[] with(String[] before, String... after) {
    String[] out = java.util.Arrays.copyOf(before, before.length + after.length);
    System.arraycopy(after, 0, out, before.length, after.length);
    return out;
  }

  @Test
  void anUnknownWordingFollowedByAStackDumpIsACrashNamedByItsWords() {
    ParsedFile parsed =
        parse(
            with(
                new String[] {
                  "[  100.000000] BUG: please report to gizmo@example.org => prev = 0, last = 0 at"
                      + " drivers/gizmo/frob.c:425/gizmo_frob()"
                },
                DUMP_STACK));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    Report r = parsed.reports().get(0);
    assertThat(r.crashClass()).isEqualTo("kernel-bug-message");
    assertThat(r.title()).isEqualTo("BUG: please report to gizmo@example.org in gizmo_frob");
    assertThat(r.guiltyModule()).isEqualTo("gizmo");
  }

  @Test
  void numbersAndAddressesStayOutOfTheTitle() {
    Report a =
        parse(with(new String[] {"[  100.000000] BUG: looking up invalid subclass: 8"}, DUMP_STACK))
            .reports()
            .get(0);
    Report b =
        parse(with(new String[] {"[  100.000000] BUG: looking up invalid subclass: 9"}, DUMP_STACK))
            .reports()
            .get(0);
    assertThat(a.title()).isEqualTo("BUG: looking up invalid subclass in gizmo_frob");
    assertThat(b.title()).isEqualTo(a.title());
    Report address =
        parse(
                with(
                    new String[] {
                      "[  100.000000] BUG: gizmo queue ffff88801a2b3c4d freed twice by cpu 3"
                    },
                    DUMP_STACK))
            .reports()
            .get(0);
    assertThat(address.title()).isEqualTo("BUG: gizmo queue in gizmo_frob");
  }

  @Test
  void aWarningWordingTheTableDoesNotKnowIsReadTheSameWay() {
    ParsedFile parsed =
        parse(
            with(
                new String[] {"[  100.000000] WARNING: gizmo ring 3 stuck with 12 descriptors"},
                DUMP_STACK));
    assertThat(parsed.reports().get(0).crashClass()).isEqualTo("kernel-warning-message");
    assertThat(parsed.reports().get(0).title())
        .isEqualTo("WARNING: gizmo ring NUM stuck with NUM descriptors in gizmo_frob");
    ParsedFile sshd =
        parse(
            "[  100.000000] WARNING: /etc/ssh/moduli does not exist, using fixed modulus",
            "[  100.000001] WARNING: gizmo ring 3 stuck with 12 descriptors",
            "[  100.000002] gizmo: ring 3 reset");
    assertThat(sshd.status()).isEqualTo(FileOutcome.NO_CRASH);
  }

  @Test
  void theSameWordingWithoutAStackIsNoCrash() {
    ParsedFile parsed =
        parse(
            "[  100.000000] BUG: please report to gizmo@example.org => prev = 0, last = 0",
            "[  100.000001] gizmo: resetting ring 3",
            "[  100.000002] gizmo: ring 3 up");
    assertThat(parsed.status()).isEqualTo(FileOutcome.NO_CRASH);
  }

  @Test
  void aProgramsBugLineBeforeARealReportDoesNotTakeItsPlace() {
    // A test suite's output on the console, then a kernel warning: the stack is the warning's.
    ParsedFile parsed =
        parse(
            with(
                new String[] {
                  "[  100.000000] BUG: test 17 failed, see log",
                  "[  100.000001] gizmo: resetting ring 3",
                  "[  100.000002] gizmo: ring 3 up",
                  "[  100.000003] gizmo: ring 4 up",
                  "[  100.000004] gizmo: ring 5 up",
                  "[  100.000005] ------------[ cut here ]------------",
                  "[  100.000006] WARNING: CPU: 1 PID: 4321 at drivers/gizmo/frob.c:12"
                      + " gizmo_frob+0x1a/0x40 [gizmo]",
                },
                DUMP_STACK));
    assertThat(parsed.reports()).hasSize(1);
    assertThat(parsed.reports().get(0).title()).isEqualTo("WARNING in gizmo_frob");
  }

  @Test
  void aBugLineInsideAnotherReportsHeadIsThatReportsText() {
    ParsedFile parsed =
        parse(
            with(
                new String[] {
                  "[  100.000000] BUG: unable to handle page fault for address: ffffc90000a3b000",
                  "[  100.000001] BUG: bad state found while walking the fault",
                },
                DUMP_STACK));
    assertThat(parsed.reports()).hasSize(1);
    assertThat(parsed.reports().get(0).title())
        .isEqualTo("BUG: unable to handle kernel paging request in gizmo_frob");
  }

  @Test
  void pageTablePagesLeftOnAFreedMmAreABugOfTheirOwn() {
    ParsedFile parsed =
        parse(
            "[  100.000000] BUG: non-zero pgtables_bytes on freeing mm: -4096",
            "[  100.000001] gizmod[4321]: segfault at 0 ip 0000000000401136");
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    assertThat(parsed.reports().get(0).title())
        .isEqualTo("BUG: non-zero pgtables_bytes on freeing mm: NUM");
  }
}
