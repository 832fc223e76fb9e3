package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bad address is read where each kind of report prints it, and decoded as a poison value when
 * it is one; the diagnosis then says where the pointer came from. Hand-written headers.
 */
class PoisonedAddressTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "x86 5.x|BUG: unable to handle page fault for address: dead000000000108|list-poison1",
        "x86 4.x|BUG: unable to handle kernel paging request at dead000000000108|list-poison1",
        "gpf|general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b73:"
            + " 0000 [#1] SMP|slab-free",
        "arm64|Unable to handle kernel paging request at virtual address dead000000000122"
            + "|list-poison2",
        "list debugging|list_del corruption. next->prev should be ffff8f1a2b3c4d00, but was"
            + " dead000000200200|list-poison2",
      })
  void theFaultingAddressIsDecoded(String form, String header, String poison) {
    String log =
        String.join(
            "\n",
            "[  100.000000] " + header,
            "[  100.000001] CPU: 1 PID: 4321 Comm: gizmod Not tainted 5.10.0 #1",
            "[  100.000002] Call Trace:",
            "[  100.000003]  gizmo_frob+0x1a/0x40 [gizmo]",
            "[  100.000004]  gizmo_ioctl+0x2a/0x90 [gizmo]",
            "");
    Report r = PARSER.parse(log.getBytes(StandardCharsets.UTF_8)).reports().get(0);
    assertThat(r.decoded().fault().poison()).as(form).isNotNull();
    assertThat(r.decoded().fault().poison().poison().id()).as(form).isEqualTo(poison);
    assertThat(r.diagnoses()).extracting(d -> d.id()).contains("poisoned-pointer");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ordinary address|BUG: unable to handle page fault for address: ffffc90000a3b000",
        "NULL|BUG: kernel NULL pointer dereference, address: 0000000000000010",
      })
  void anOrdinaryAddressIsNoPoison(String form, String header) {
    String log =
        "[  100.000000] "
            + header
            + "\n[  100.000002] Call Trace:\n[  100.000003]  gizmo_frob+0x1a/0x40 [gizmo]\n";
    Report r = PARSER.parse(log.getBytes(StandardCharsets.UTF_8)).reports().get(0);
    assertThat(r.decoded().fault().poison()).as(form).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "x86 5.1+|BUG: kernel NULL pointer dereference, address: 0000000000000000"
            + "/#PF: supervisor instruction fetch in kernel mode/#PF: error_code(0x0010) -"
            + " not-present page|execute",
        "x86 5.1+ write|BUG: unable to handle page fault for address: ffffc90000a3b000"
            + "/#PF: supervisor write access in kernel mode|write",
        "x86 NX|kernel tried to execute NX-protected page - exploit attempt? (uid: 0)"
            + "/BUG: unable to handle kernel paging request at ffff88003a4b5c00|execute",
        "x86 4.x error code|BUG: unable to handle kernel NULL pointer dereference at"
            + " 0000000000000000/IP:           (null)/PGD 0 /Oops: 0010 [#1] SMP|execute",
        "x86 4.x write|BUG: unable to handle kernel paging request at ffffc90000a3b000"
            + "/IP: gizmo_frob+0x1a/0x40 [gizmo]/Oops: 0002 [#1] SMP|write",
        "arm64 instruction abort|Unable to handle kernel NULL pointer dereference at virtual"
            + " address 0000000000000000/Mem abort info:/  ESR = 0x86000004/  EC = 0x21: IABT"
            + " (current EL), IL = 32 bits|execute",
        "arm64 data abort|Unable to handle kernel paging request at virtual address"
            + " dead000000000108/Mem abort info:/  ESR = 0x96000044/  EC = 0x25: DABT (current"
            + " EL), IL = 32 bits/Data abort info:/  ISV = 0, ISS = 0x00000044/  CM = 0, WnR ="
            + " 1|write",
      })
  void theFaultingAccessIsRead(String form, String head, String access) {
    StringBuilder log = new StringBuilder();
    for (String line : head.split("/")) {
      log.append("[  100.000000] ").append(line).append('\n');
    }
    log.append("[  100.000001] CPU: 1 PID: 4321 Comm: gizmod Not tainted 5.10.0 #1\n")
        .append("[  100.000002] Call Trace:\n")
        .append("[  100.000003]  gizmo_frob+0x1a/0x40 [gizmo]\n");
    ParsedFile parsed = PARSER.parse(log.toString().getBytes(StandardCharsets.UTF_8));
    Report r = parsed.reports().stream().filter(Report::primary).findFirst().orElseThrow();
    assertThat(r.decoded().fault()).as(form).isNotNull();
    assertThat(r.decoded().fault().access().id()).as(form).isEqualTo(access);
    assertThat(r.diagnoses().stream().anyMatch(d -> d.id().equals("bad-function-pointer")))
        .as(form)
        .isEqualTo(access.equals("execute"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "x86 4.x|BUG: unable to handle kernel paging request at ffffffffffffffd8|-40",
        "x86 5.x|BUG: unable to handle page fault for address: fffffffffffffff4|-12 (-ENOMEM)",
        "arm64|Unable to handle kernel paging request at virtual address fffffffffffffffe"
            + "|-2 (-ENOENT)",
      })
  void anAddressJustBelowZeroIsAnErrorPointer(String form, String header, String errorPointer) {
    String log =
        "[  100.000000] "
            + header
            + "\n[  100.000002] Call Trace:\n[  100.000003]  gizmo_frob+0x1a/0x40 [gizmo]\n";
    Report r = PARSER.parse(log.getBytes(StandardCharsets.UTF_8)).reports().get(0);
    assertThat(r.decoded().fault().errorPointer()).as(form).contains(errorPointer);
    assertThat(r.diagnoses()).extracting(d -> d.id()).as(form).contains("error-pointer");
  }
}
