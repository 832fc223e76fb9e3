package dev.oopslake.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oopslake.archive.ContentReader;
import dev.oopslake.archive.FileContent;
import dev.oopslake.decode.Diagnosis;
import dev.oopslake.decode.Fault;
import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.LoadedModule;
import dev.oopslake.decode.PoisonValue;
import dev.oopslake.decode.PreemptCount;
import dev.oopslake.decode.Taint;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.ExtraRules;
import dev.oopslake.parse.Frame;
import dev.oopslake.parse.ParsedFile;
import dev.oopslake.parse.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code oopslake parse}: the pure parser on local files, no Spark. With {@code --json}, exactly
 * one JSON object per input file per line — a public contract other tools read; fields are only
 * ever added.
 */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description =
        "Parse local vmcore-dmesg files (a directory means every file under it); no Spark.")
public final class ParseCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--json", description = "One JSON object per file, one per line.")
  boolean json;

  @Option(
      names = "--max-file-bytes",
      defaultValue = "268435456",
      description = "Per-file cap on bytes read.")
  long maxFileBytes;

  @Option(
      names = "--rules",
      description =
          "Extra diagnosis rules (YAML, like conf/diagnoses.yaml); same ids replace bundled rules.")
  Path rules;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
  List<Path> paths;

  @Override
  public Integer call() {
    if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE - 16) {
      throw new UserError(
          "Cannot set --max-file-bytes to "
              + maxFileBytes
              + ", it must be in 1.."
              + (Integer.MAX_VALUE - 16));
    }
    CrashParser parser = ExtraRules.read(rules).parser();
    PrintStream out = System.out;
    for (Path file : expand(paths)) {
      ParsedFile parsed = parseFile(parser, file, maxFileBytes);
      if (json) {
        out.println(toJson(file.toString(), parsed));
      } else {
        printText(out, file.toString(), parsed);
      }
    }
    out.flush();
    return 0;
  }

  static List<Path> expand(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (Files.exists(p)) {
        files.add(p);
      } else {
        throw new UserError(p + ": no such file or directory");
      }
    }
    return files;
  }

  /**
   * Reads with the same content-detected decompression and cap as the nightly job; an unreadable
   * file is rejected with its reason, never fatal.
   */
  static ParsedFile parseFile(CrashParser parser, Path file, long cap) {
    try (InputStream in = Files.newInputStream(file)) {
      FileContent content =
          new ContentReader(cap).read(in, file.getFileName().toString(), Files.size(file));
      if (!content.readable()) {
        return ParsedFile.rejected(content.rejectReason());
      }
      return parser.parse(content.bytes(), 0, content.length());
    } catch (IOException e) {
      return ParsedFile.rejected(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  static void printText(PrintStream out, String file, ParsedFile parsed) {
    out.println(
        file
            + ": "
            + parsed.status().id()
            + (parsed.reason() == null ? "" : " (" + parsed.reason() + ")"));
    for (Report r : parsed.reports()) {
      out.println(
          "  ["
              + r.index()
              + (r.primary() ? " primary" : "")
              + "] "
              + r.title()
              + (r.corrupted() ? "  (corrupted: " + r.corruptedReason() + ")" : ""));
      StringBuilder facts = new StringBuilder("      class=" + r.crashClass());
      if (r.kernel() != null) {
        facts.append(" kernel=").append(r.kernel().release());
      }
      if (r.comm() != null) {
        facts.append(" comm=").append(r.comm()).append(" pid=").append(r.pid());
      }
      if (r.cpu() != null) {
        facts.append(" cpu=").append(r.cpu());
      }
      if (r.guiltyFrame() != null) {
        facts.append(" guilty=").append(r.guiltyFrame());
        if (r.guiltyModule() != null && !r.guiltyModule().isEmpty()) {
          facts.append(" [").append(r.guiltyModule()).append(']');
        }
      }
      if (r.preemptCount() != null) {
        facts.append(String.format(" preempt_count=0x%08x", r.preemptCount().value()));
      }
      out.println(facts);
      for (Diagnosis d : r.diagnoses()) {
        out.println("      diagnosis " + d.id() + ": " + d.text());
      }
    }
  }

  /** The public JSON contract of one file. */
  public static ObjectNode toJson(String file, ParsedFile parsed) {
    ObjectNode o = JSON.createObjectNode();
    o.put("file", file);
    o.put("status", parsed.status().id());
    o.put("reason", parsed.reason());
    ArrayNode reports = o.putArray("reports");
    for (Report r : parsed.reports()) {
      reports.add(toJson(r));
    }
    return o;
  }

  static ObjectNode toJson(Report r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("index", r.index());
    o.put("primary", r.primary());
    o.put("title", r.title());
    ArrayNode alts = o.putArray("alt_titles");
    r.altTitles().forEach(alts::add);
    o.put("class", r.crashClass());
    o.put("type", r.type());
    o.put("corrupted", r.corrupted());
    o.put("corrupted_reason", r.corruptedReason());
    o.put("guilty_frame", r.guiltyFrame());
    o.put("guilty_module", r.guiltyModule());
    ArrayNode frames = o.putArray("frames");
    for (Frame f : r.frames()) {
      frames.add(f.display());
    }
    ArrayNode frameDetails = o.putArray("frame_details");
    for (Frame f : r.frames()) {
      ObjectNode fo = frameDetails.addObject();
      fo.put("function", f.function());
      fo.put("offset", f.offset());
      fo.put("module", f.module());
      fo.put("reliable", f.reliable());
      fo.put("section", f.section());
    }
    o.put("comm", r.comm());
    o.put("pid", r.pid());
    o.put("cpu", r.cpu());
    o.set("kernel", kernel(r.kernel()));
    o.set("taint", taint(r.taint()));
    ArrayNode modules = o.putArray("modules");
    for (LoadedModule m : r.modules()) {
      ObjectNode mo = modules.addObject();
      mo.put("name", m.name());
      mo.put("flags", m.flags());
    }
    o.set("preempt_count", preempt(r.preemptCount()));
    o.put("hardware", r.hardware());
    o.put("panic_reason", r.panicReason());
    Fault fault = r.decoded().fault();
    if (fault == null) {
      o.putNull("fault");
    } else {
      ObjectNode fo =
          o.putObject("fault")
              .put("address", fault.address())
              .put("access", fault.access() == null ? null : fault.access().id());
      PoisonValue.Match poison = fault.poison();
      if (poison == null) {
        fo.putNull("poison");
      } else {
        fo.putObject("poison")
            .put("id", poison.poison().id())
            .put("name", poison.poison().name())
            .put("offset", poison.offsetText());
      }
    }
    ArrayNode diagnoses = o.putArray("diagnoses");
    for (Diagnosis d : r.diagnoses()) {
      diagnoses.addObject().put("id", d.id()).put("text", d.text());
    }
    o.put("start_line", r.startLine());
    o.put("end_line", r.endLine());
    return o;
  }

  private static ObjectNode kernel(KernelRelease k) {
    if (k == null) {
      return null;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("release", k.release());
    o.put("version", k.version());
    o.put("patchlevel", k.patchlevel());
    o.put("sublevel", k.sublevel());
    o.put("distro", k.distro());
    o.put("dist_tag", k.distTag());
    o.put("distro_build", k.distroBuild());
    o.put("arch", k.arch());
    o.put("rt", k.rt());
    ArrayNode flavours = o.putArray("flavours");
    k.flavours().forEach(flavours::add);
    return o;
  }

  private static ObjectNode taint(Taint t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("raw", t.raw());
    o.put("letters", t.letters());
    ArrayNode flags = o.putArray("flags");
    for (Taint.Flag f : t.flags()) {
      flags.addObject().put("letter", String.valueOf(f.letter())).put("meaning", f.meaning());
    }
    return o;
  }

  private static ObjectNode preempt(PreemptCount p) {
    if (p == null) {
      return null;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("value", p.value());
    o.put("hex", String.format("0x%08x", p.value()));
    o.put("preempt", p.preempt());
    o.put("softirq", p.softirq());
    o.put("softirq_disable", p.softirqDisable());
    o.put("hardirq", p.hardirq());
    o.put("nmi", p.nmi());
    o.put("preempt_active", p.preemptActive());
    if (p.needResched() != null) {
      o.put("need_resched", p.needResched());
    }
    o.put("layout", p.layout());
    return o;
  }
}
