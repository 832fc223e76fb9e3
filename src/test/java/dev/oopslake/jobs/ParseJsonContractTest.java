package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parse --json} is a public contract: one object per input file per line, with the names
 * issue 2 fixed. Checked on the two seed logs (the parser fixtures' raw parts) the way their
 * analyses read them.
 */
class ParseJsonContractTest {
  @TempDir Path tmp;

  /** The raw log of a parser fixture: everything after the header block's first blank line. */
  private Path rawFixture(String name, boolean gzip) throws IOException {
    byte[] all;
    try (InputStream in = getClass().getResourceAsStream("/parse/" + name)) {
      assertThat(in).as("fixture %s on the test classpath", name).isNotNull();
      all = in.readAllBytes();
    }
    int body = 0;
    for (int i = 0; i + 1 < all.length; i++) {
      if (all[i] == '\n' && all[i + 1] == '\n') {
        body = i + 2;
        break;
      }
    }
    Path out = tmp.resolve(name + (gzip ? ".gz" : ""));
    try (var os =
        gzip ? new GZIPOutputStream(Files.newOutputStream(out)) : Files.newOutputStream(out)) {
      os.write(all, body, all.length - body);
    }
    return out;
  }

  private List<JsonNode> parseJson(Path... files) throws IOException {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      List<String> args = new ArrayList<>(List.of("parse", "--json"));
      for (Path f : files) {
        args.add(f.toString());
      }
      code = OopslakeCli.execute(args.toArray(new String[0]));
    } finally {
      System.setOut(old);
    }
    assertThat(code).as("exit code").isZero();
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(mapper.readTree(line));
      }
    }
    return out;
  }

  @Test
  void seed000ReadsLikeItsAnalysis() throws IOException {
    List<JsonNode> lines = parseJson(rawFixture("seed000-scheduling-while-atomic.log", true));
    assertThat(lines).as("one JSON object per file").hasSize(1);
    JsonNode file = lines.get(0);
    assertThat(file.get("status").asText()).isEqualTo("crash");
    JsonNode r = file.get("reports").get(0);
    assertThat(r.get("primary").asBoolean()).isTrue();
    assertThat(r.get("class").asText()).isEqualTo("scheduling-while-atomic");
    assertThat(r.get("title").asText())
        .isEqualTo("BUG: scheduling while atomic in TestMode_ServerExit");
    assertThat(r.get("comm").asText()).isEqualTo("rmmod");
    assertThat(r.get("pid").asInt()).isEqualTo(14829);
    assertThat(r.get("kernel").get("release").asText()).isEqualTo("3.10.0-514.21.1.el7.x86_64");
    assertThat(r.get("taint").get("letters").asText()).as("G OE + T").isEqualTo("OET");
    assertThat(r.get("guilty_frame").asText()).isEqualTo("TestMode_ServerExit");
    assertThat(r.get("guilty_module").asText()).isEqualTo("testmod");
    JsonNode pc = r.get("preempt_count");
    assertThat(pc.get("value").asLong()).isEqualTo(0x200);
    assertThat(pc.get("softirq_disable").asInt()).as("one local_bh_disable level").isEqualTo(1);
    assertThat(pc.get("softirq").asInt()).as("not serving a softirq").isZero();
    assertThat(pc.get("preempt").asInt()).isZero();
    assertThat(pc.get("hardirq").asInt()).isZero();
    assertThat(pc.get("nmi").asBoolean()).isFalse();
    List<String> modules = new ArrayList<>();
    r.get("modules")
        .forEach(m -> modules.add(m.get("name").asText() + "(" + m.get("flags").asText() + ")"));
    assertThat(modules)
        .as("the wrapped continuation line belongs to the list")
        .contains("testmod(OE-)", "virtio_ring()", "libata()", "floppy()");
    List<String> diagnoses = new ArrayList<>();
    r.get("diagnoses").forEach(d -> diagnoses.add(d.get("text").asText()));
    assertThat(diagnoses)
        .as("the bh-lock diagnosis names the module")
        .anyMatch(t -> t.contains("testmod"));
    assertThat(r.get("frames").isArray()).isTrue();
    assertThat(r.get("alt_titles").isArray()).isTrue();
    assertThat(r.has("corrupted") && r.has("corrupted_reason") && r.has("cpu")).isTrue();
  }

  @Test
  void seed002ReadsLikeItsAnalysis() throws IOException {
    JsonNode r =
        parseJson(rawFixture("seed002-rt-timerfd-arm64.log", false)).get(0).get("reports").get(0);
    assertThat(r.get("comm").asText()).isEqualTo("ktimersoftd/14");
    assertThat(r.get("pid").asInt()).isEqualTo(131);
    assertThat(r.get("cpu").asInt()).isEqualTo(14);
    assertThat(r.get("preempt_count").get("value").asLong()).isEqualTo(2);
    assertThat(r.get("preempt_count").get("preempt").asInt()).as("preempt depth 2").isEqualTo(2);
    JsonNode k = r.get("kernel");
    assertThat(k.get("release").asText()).isEqualTo("4.19.90-25.2.rt.2101.gfb01.ky10.aarch64");
    assertThat(k.get("arch").asText()).isEqualTo("aarch64");
    assertThat(k.get("rt").asBoolean()).isTrue();
    assertThat(r.get("guilty_frame").asText())
        .as("the lock and scheduler frames above it are not the culprit")
        .isEqualTo("timerfd_triggered");
    List<String> frames = new ArrayList<>();
    r.get("frames").forEach(f -> frames.add(f.asText()));
    assertThat(frames)
        .as("arm64 'name + 0xoff/0xlen' frames, also those glued to the prefix")
        .contains("__schedule+0x618/0x748", "rt_spin_lock+0x60/0x70", "kthread+0x134/0x138");
    List<String> ids = new ArrayList<>();
    r.get("diagnoses").forEach(d -> ids.add(d.get("text").asText()));
    assertThat(ids)
        .as("RT sleeping lock → raw_spinlock_t")
        .anyMatch(t -> t.contains("raw_spinlock"));
  }

  @Test
  void oneLinePerFileWhateverItHolds() throws IOException {
    Path clean = tmp.resolve("clean.txt");
    Files.writeString(
        clean, "[    0.000000] Linux version 6.1.0 (gcc 12)\n[    1.000000] EXT4-fs mounted\n");
    Path broken = tmp.resolve("broken.txt.gz");
    Files.write(broken, new byte[] {0x1f, (byte) 0x8b, 8, 0});
    List<JsonNode> lines = parseJson(clean, broken);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("status").asText()).isEqualTo("no_crash");
    assertThat(lines.get(1).get("status").asText()).isEqualTo("rejected");
    assertThat(lines.get(1).get("reason").asText()).as("reason says why").isNotBlank();
  }
}
