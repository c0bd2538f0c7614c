package io.truelift.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Extra Kafka client settings shared by every TrueLift producer and consumer: TLS and SASL
 * ({@code security.protocol}, {@code sasl.jaas.config}, {@code ssl.truststore.location}, ...) from
 * the properties file named by {@value #ENV} (the Helm chart mounts it from an existing Secret).
 * Merge the result into a client's own settings; the bootstrap servers, (de)serializers and group
 * stay the process's own, so the file may not set them.
 */
public final class KafkaClientProperties {
  /** The variable naming the properties file; unset or blank: plaintext, no extra settings. */
  public static final String ENV = "TRUELIFT_KAFKA_CLIENT_PROPERTIES";

  /** Settings each process owns: a file that sets them is a mistake, not an override. */
  static final Set<String> RESERVED =
      Set.of(
          "bootstrap.servers",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer",
          "group.id",
          "enable.auto.commit");

  private KafkaClientProperties() {}

  /** The settings of the file named by {@value #ENV}, or none when it is unset. */
  public static Map<String, String> fromEnvironment() {
    return load(System.getenv(ENV));
  }

  /** The settings of {@code file}; {@code null} or blank gives none. */
  public static Map<String, String> load(String file) {
    if (file == null || file.isBlank()) {
      return Map.of();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(file.strip()))) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          ENV + " names " + file + ", which cannot be read: " + e.getMessage(), e);
    }
    Map<String, String> out = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(
            "%s %s sets %s, which each TrueLift process sets itself; remove it from the file"
                .formatted(ENV, file, key));
      }
      out.put(key, p.getProperty(key).strip());
    }
    return Map.copyOf(out);
  }
}
