package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One line of every frame format, so the start-character gate in front of each pattern cannot drop
 * a format: function, module and reliability as printed.
 */
class FrameFormatsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "RIP: 0010:mydrv_poll+0x19/0x1b [mydrv]|mydrv_poll|mydrv|true",
        "EIP: [<c1234567>] do_thing+0x13/0x60|do_thing||true",
        "IP: [<ffffffff81000000>] do_thing+0x13/0x60|do_thing||true",
        "RIP  [<ffffffff812ad5a3>] old_func+0x13/0x60|old_func||true",
        "pc : arm_func+0x68/0x88 [mod]|arm_func|mod|true",
        "epc : riscv_func+0x10/0x20|riscv_func||true",
        "PC is at arm_old+0x10/0x20|arm_old||true",
        "NIP [c000000000a6fd94] ppc_func+0xb0/0xf0|ppc_func||true",
        "Krnl PSW : 0704d00180000000 000003ff8053e2aa (s390_func+0xd9a/0xe38 [mod])|s390_func|mod|true",
        "#3 [ffff88004a157ce8] do_exit at ffffffff8108c766 [mod]|do_exit|mod|true",
        "[c0000000ed2b3a90] [c000000000a6fd94] dump_stack+0xb0/0xf0 (unreliable)|dump_stack||false",
        "[<c01035d8>] (dump_backtrace+0x0/0x10c) from [<c01038b4>] (show_stack+0x20/0x24)"
            + "|dump_backtrace||true",
        "dump_backtrace from show_stack+0x18/0x1c|dump_backtrace||true",
        "[<ffffffff81686f13>] ? dump_stack+0x19/0x1b [mod]|dump_stack|mod|false",
        "([<000000000011234e>] s390_first+0x5e/0x78)|s390_first||true",
        "[<ffffffff88176f4e>] :ext3:ext3_readdir+0x1a/0x2b0|ext3_readdir|ext3|true",
        "RIP: 0010:[<ffffffff8854d36e>]  [<ffffffff8854d36e>] :nfs:nfs_inode+0x2/0x6|nfs_inode|nfs|true",
        "? stale_func+0x19/0x1b|stale_func||false",
        "_Z3fooi+0x1/0x2|foo||true",
        "__dump_stack lib/dump_stack.c:79 [inline]|__dump_stack||true",
        "hex_poll+0x15c5/0x1990 drivers/net/hex/rx.c:212 [hex]|hex_poll|hex|true",
        "RIP: 0010:hex_poll+0x19/0x1b drivers/net/hex/rx.c:212 [hex]|hex_poll|hex|true",
        "pc : hex_poll+0x68/0x88 drivers/net/hex/rx.c:212 [hex]|hex_poll|hex|true",
        "NIP [c000000000a6fd94] hex_poll+0xb0/0xf0 drivers/net/hex/rx.c:212 [hex]|hex_poll|hex|true",
        "Krnl PSW : 0704d00180000000 000003ff8053e2aa (hex_poll+0xd9a/0xe38 drivers/net/hex/rx.c:212"
            + " [hex])|hex_poll|hex|true",
        "[c0000000ed2b3a90] [c000000000a6fd94] hex_poll+0xb0/0xf0 drivers/net/hex/rx.c:212 [hex]"
            + "|hex_poll|hex|true",
        "[<c01035d8>] (hex_poll+0x0/0x10c drivers/net/hex/rx.c:212 [hex]) from [<c01038b4>]"
            + " (show_stack+0x20/0x24)|hex_poll|hex|true",
        "? hex_poll (drivers/net/hex/rx.c:212) hex|hex_poll|hex|false",
        "net_rx_action (net/core/dev.c:6567 net/core/dev.c:6698)|net_rx_action||true",
        "common_interrupt (arch/x86/kernel/irq.c:247 (discriminator 14))|common_interrupt||true",
        "RIP: 0010:hex_poll (drivers/net/hex/rx.c:212) hex|hex_poll|hex|true",
        "pc : hex_poll (drivers/net/hex/rx.c:212)|hex_poll||true",
        "PC is at hex_poll (drivers/net/hex/rx.c:212) hex|hex_poll|hex|true",
        "NIP [c000000000a6fd94] hex_poll (drivers/net/hex/rx.c:212)|hex_poll||true",
        "[c0000000ed2b3a90] [c000000000a6fd94] hex_poll (drivers/net/hex/rx.c:212)|hex_poll||true",
        "(dump_backtrace+0x0/0x10c) from show_stack (arch/arm/kernel/traps.c:257)|dump_backtrace||true",
        "dump_backtrace from show_stack (arch/arm/kernel/traps.c:257)|dump_backtrace||true",
        ".hidden_start+0x1/0x2|.hidden_start||true",
        "$x+0x1/0x2|$x||true",
      })
  void everyFormatStillParses(String line, String function, String module, boolean reliable) {
    Frame f = FrameFormats.parse(line, "task");
    assertThat(f).as("a frame in %s", line).isNotNull();
    assertThat(f.function()).as("function of %s", line).isEqualTo(function);
    assertThat(f.module()).as("module of %s", line).isEqualTo(module == null ? "" : module);
    assertThat(f.reliable()).as("reliability of %s", line).isEqualTo(reliable);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"-foo+0x1/0x2", "1func+0x1/0x2", "é+0x1/0x2", "{x}+0x1/0x2"})
  void linesNoFormatStartsWithAreNoFrames(String line) {
    assertThat(FrameFormats.parse(line, "task")).as("no frame in %s", line).isNull();
  }

  @Property(tries = 5000)
  void theHandReadFormatAgreesWithTheTable(@ForAll("frameLines") String line) {
    assertThat(FrameFormats.parse(line, "task"))
        .as("frame of %s", line.replace("\t", "\\t"))
        .isEqualTo(FrameFormats.parseWithTable(line, "task"));
  }

  @Property(tries = 5000)
  void theHandReadFormatAgreesWithTheTableOnFrameShapedLines(
      @ForAll("frameShapedLines") String line) {
    theHandReadFormatAgreesWithTheTable(line);
  }

  /** Lines in the shape of a symbolized frame, each part drawn from right and wrong variants. */
  @Provide
  Arbitrary<String> frameShapedLines() {
    Arbitrary<String> lead =
        Arbitraries.of(
            "",
            "",
            "? ",
            "?  ",
            "?",
            "?\t",
            "[<ffff>] ",
            "[<ffffffff81686f13>] ? ",
            "[<ffffffff81686f13>]  ",
            "[<FFFF>]\t? ",
            "([<000000000011234e>] ",
            "[<ffff>] (",
            "[<ffff>]",
            "[<>] ",
            "[<xyz>] ",
            "[<ffff] ",
            "[ffff] ",
            "(");
    Arbitrary<String> sym =
        Arbitraries.of(
            "dump_stack", "f.isra.0", "_Z3fooi", "RIP", "IP", "pc", "NIP", "é", "1x", "");
    Arbitrary<String> plus = Arbitraries.of("+", "+", " +", "+ ", " + ", "  +", ":", " ");
    Arbitrary<String> off =
        Arbitraries.of("0x19/0x1b", "0x19/0x1b", "0xA/0xF", "0x/0x1", "0x1/", "0x1/0xg", "19/0x1b");
    Arbitrary<String> tail =
        Arbitraries.of(
            "",
            "",
            " [mod]",
            " [my-mod]",
            "  [mod]",
            " [mod]x",
            " [mod] x",
            " [mod",
            " []",
            " f.c:12",
            " drivers/x/y.c:212 [mod]",
            " y.c:212  [my-mod]",
            " y.c:212 [mod] z",
            " y.c:212x [mod]",
            " y.c: [mod]",
            " y.c:212\t[mod]",
            "x",
            " from g+0x1/0x2",
            "\r",
            "\u0085",
            " [inline]");
    return net.jqwik.api.Combinators.combine(lead, sym, plus, off, tail)
        .as((a, b, c, d, e) -> a + b + c + d + e);
  }

  @Provide
  Arbitrary<String> frameLines() {
    Arbitrary<String> piece =
        Arbitraries.of(
            "?",
            "? ",
            "?\t",
            "func",
            "_f",
            ".f",
            "$f",
            "f.isra.0",
            "_Z3fooi",
            "RIP",
            "RIP: ",
            "IP",
            "pc",
            "PC is at ",
            "NIP",
            "Krnl PSW : ",
            " ",
            "  ",
            "\t",
            "+",
            " + ",
            "0x",
            "0x1b",
            "/",
            "/0x2a",
            "0xg",
            " [",
            "[",
            "]",
            "mod",
            "my-mod",
            "[mod]",
            " [mod]",
            " [mod]x",
            " from ",
            "from",
            " at ",
            "[inline]",
            "file.c:12",
            "(",
            ")",
            "[<",
            "[<ffff>]",
            "([<0011>]",
            ">]",
            "#3",
            "\r",
            "\u0085",
            "é",
            "1");
    return piece.list().ofMinSize(1).ofMaxSize(9).map(l -> String.join("", l));
  }
}
