package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the Rust demangler (Jazzer): every frame of every log passes through
 * it, so a crafted symbol must get a name or null, never an exception, a loop or a blow-up. Seeds,
 * in {@code src/test/resources/dev/oopslake/parse/RustSymbolsFuzzTestInputs/demangle/}, are the
 * symbol shapes of {@link RustSymbolsTest}.
 */
@Tag("fuzz")
class RustSymbolsFuzzTest {

  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "5m")
  void demangle(byte[] data) {
    String symbol = "_R" + new String(data, StandardCharsets.ISO_8859_1);
    String name = RustSymbols.demangle(symbol);
    if (name != null) {
      assertThat(name).as("a name, not nothing").isNotEmpty();
      assertThat(name.length())
          .as("bounded by the symbol, however its backreferences nest")
          .isLessThanOrEqualTo(4_096 * (symbol.length() + 16));
      assertThat(RustSymbols.demangle(symbol)).as("the same twice").isEqualTo(name);
      assertThat(FrameFormats.normalize(symbol)).as("frames carry it").isEqualTo(name);
    }
  }
}
