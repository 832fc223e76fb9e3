package dev.oopslake.archive;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Test helper: compresses bytes with each codec's reference encoder. */
public final class Compress {
  private Compress() {}

  public static byte[] with(Codec codec, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream encoder = encoder(codec, out)) {
      encoder.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static OutputStream encoder(Codec codec, OutputStream out) throws IOException {
    return switch (codec) {
      case PLAIN -> out;
      case GZIP -> new GZIPOutputStream(out);
      case XZ -> new XZOutputStream(out, new LZMA2Options(1));
      case ZSTD -> new ZstdOutputStream(out);
      case BZIP2 -> new BZip2CompressorOutputStream(out);
      case LZ4 -> new LZ4FrameOutputStream(out);
    };
  }
}
