package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Rules-file mistakes found by fuzzing ({@code DecodersFuzzTest#diagnosisRules}; the inputs are
 * under {@code docs/fuzz-open/} and the seeds): each is one {@link RuleError} of one line.
 */
class RuleErrorLinesTest {

  private static DiagnosisRules load(String yaml) {
    return DiagnosisRules.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "fuzz.yaml");
  }

  @Test
  void aBadRegexSpanningLinesIsQuotedOnOneLine() {
    assertThatThrownBy(
            () ->
                load("rules:\n  - id: x\n    when:\n      title: \"(?s to\n a)b\"\n    text: t\n"))
        .isInstanceOf(RuleError.class)
        .hasMessageContaining("fuzz.yaml")
        .hasMessageNotContaining("\n");
  }

  @Test
  void anUnbalancedBraceBeforeALineBreakIsQuotedOnOneLine() {
    assertThatThrownBy(
            () ->
                load(
                    "rules:\n  - id: x\n    when:\n      comm: a\n    text: \"n}): look,\\n"
                        + " timers\"\n"))
        .isInstanceOf(RuleError.class)
        .hasMessageContaining("unbalanced")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aNumberTooLargeForAConditionIsARuleError() {
    assertThatThrownBy(
            () ->
                load(
                    "rules:\n  - id: x\n    when:\n      preempt.hardirq: 99999999999999999999\n"
                        + "    text: t\n"))
        .isInstanceOf(RuleError.class)
        .hasMessageContaining("too large");
  }
}
