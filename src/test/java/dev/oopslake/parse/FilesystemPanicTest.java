package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A filesystem mounted errors=panic stops the host when it finds corruption (fs/ext4/super.c
 * ext4_handle_error()). The same error on another host's device is the same crash: the title keeps
 * the filesystem and drops the device, and the diagnosis says it was no code bug.
 */
class FilesystemPanicTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "4.x, sda1|EXT4-fs (device sda1): panic forced after error",
        "5.x+, nvme0n1p2|EXT4-fs (nvme0n1p2): panic forced after error",
        "dm device|EXT4-fs (dm-3): panic forced after error",
      })
  void anExt4PanicIsOneTitleWhateverTheDevice(String form, String reason) {
    String log =
        String.join(
            "\n",
            "[ 1000.000001] EXT4-fs error (device sda1): ext4_lookup:1602: inode #2: comm ls:"
                + " deleted inode referenced: 12345",
            "[ 1000.000002] Kernel panic - not syncing: " + reason,
            "[ 1000.000004] CPU: 0 PID: 999 Comm: ls Not tainted 4.15.0-112-generic #113-Ubuntu",
            "[ 1000.000006] Call Trace:",
            "[ 1000.000007]  dump_stack+0x6d/0x8e",
            "[ 1000.000008]  panic+0xe4/0x24f",
            "[ 1000.000009]  ext4_handle_error.part.192+0xa6/0xb0",
            "[ 1000.000010]  __ext4_error_inode+0x98/0x160",
            "");
    Report r = PARSER.parse(log.getBytes(StandardCharsets.UTF_8)).reports().get(0);
    assertThat(r.title())
        .as(form)
        .isEqualTo("kernel panic: EXT4-fs (DEV): panic forced after error");
    assertThat(r.diagnoses()).extracting(d -> d.id()).contains("filesystem-error-panic");
  }
}
