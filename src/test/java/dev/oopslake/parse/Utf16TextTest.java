package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A log saved as UTF-16 by a Windows tool is read as the text it is; bytes that are not text stay
 * rejected however they start. Hand-written log (WrappedLinesTest's), encoded here.
 */
class Utf16TextTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  private static byte[] encode(String text, String charset, boolean bom) {
    byte[] body = text.getBytes(Charset.forName(charset));
    if (!bom) {
      return body;
    }
    byte[] mark =
        charset.endsWith("LE")
            ? new byte[] {(byte) 0xFF, (byte) 0xFE}
            : new byte[] {(byte) 0xFE, (byte) 0xFF};
    byte[] out = new byte[mark.length + body.length];
    System.arraycopy(mark, 0, out, 0, mark.length);
    System.arraycopy(body, 0, out, mark.length, body.length);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"UTF-16LE bom", "UTF-16BE bom", "UTF-16LE", "UTF-16BE"})
  void aUtf16LogReadsAsTheUtf8One(String form) {
    String[] f = form.split(" ");
    byte[] log = encode(WrappedLinesTest.LOG, f[0], f.length > 1);
    ParsedFile utf8 = PARSER.parse(WrappedLinesTest.LOG.getBytes(StandardCharsets.UTF_8));
    ParsedFile utf16 = PARSER.parse(log);
    assertThat(utf16.status()).as(form).isEqualTo(FileOutcome.CRASH);
    Report a = utf8.reports().get(0);
    Report b = utf16.reports().get(0);
    assertThat(b.title()).isEqualTo(a.title());
    assertThat(b.frames()).isEqualTo(a.frames());
    assertThat(b.kernel().release()).isEqualTo("5.15.0-91-generic");
  }

  @Test
  void bytesThatAreNoTextStayRejectedEvenBehindAByteOrderMark() {
    byte[] noise = new byte[8192];
    new Random(42).nextBytes(noise);
    noise[0] = (byte) 0xFF;
    noise[1] = (byte) 0xFE;
    assertThat(PARSER.parse(noise).status()).isEqualTo(FileOutcome.REJECTED);
    assertThat(Utf16Text.asUtf8(noise, 0, noise.length)).isNull();
  }

  @Test
  void anOrdinaryLogIsNoUtf16() {
    byte[] d = WrappedLinesTest.LOG.getBytes(StandardCharsets.UTF_8);
    assertThat(Utf16Text.asUtf8(d, 0, d.length)).isNull();
  }

  @Test
  void aLogWhoseLinesEndInCrAloneReadsAsTheLfOne() {
    String cr = WrappedLinesTest.LOG.replace('\n', '\r');
    ParsedFile parsed = PARSER.parse(cr.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    Report a = PARSER.parse(WrappedLinesTest.LOG.getBytes(StandardCharsets.UTF_8)).reports().get(0);
    assertThat(parsed.reports().get(0).frames()).isEqualTo(a.frames());
    assertThat(parsed.reports().get(0).title()).isEqualTo(a.title());
  }
}
