package dev.oopslake.spark.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A task's result as Java-serialized bytes. Records and their immutable collections cannot cross
 * Kryo (which users often set as {@code spark.serializer}); a byte array crosses every serializer
 * Spark has. Read back through the loader of the expected class, not the JVM's default: under
 * {@code spark-submit} the application jar sits in a child loader that plain Java deserialization
 * would not look in.
 */
public final class TaskBytes {
  private TaskBytes() {}

  /** {@code value} as bytes. */
  public static byte[] of(Serializable value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize a task's result", e);
    }
    return bytes.toByteArray();
  }

  /** The value of {@code bytes}, a {@code type}, its classes resolved through type's loader. */
  public static <T> T read(byte[] bytes, Class<T> type) {
    ClassLoader loader = type.getClassLoader();
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes)) {
          @Override
          protected Class<?> resolveClass(ObjectStreamClass desc)
              throws IOException, ClassNotFoundException {
            try {
              return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
              return super.resolveClass(desc);
            }
          }
        }) {
      return type.cast(in.readObject());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a task's result", e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Cannot read a task's result", e);
    }
  }
}
