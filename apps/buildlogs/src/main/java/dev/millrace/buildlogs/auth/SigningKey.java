package dev.millrace.buildlogs.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that signs session cookies and stream tokens. It is never derived from the runner or
 * viewer tokens: knowing those (a viewer knows the viewer token) does not help to forge a
 * credential. Every node of a deployment must use the same key, or a cookie signed by one node is
 * refused by the others. Immutable; {@link #toString()} never shows the key.
 */
public final class SigningKey {

  /** The fewest bytes a key may have. */
  public static final int MIN_BYTES = 32;

  /** The name of the key file the server keeps in its data dir when no key is configured. */
  public static final String FILE_NAME = "signing.key";

  static final int MIN_DISTINCT_BYTES = 16;

  private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
  private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final byte[] bytes;

  private SigningKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Parses a configured key: hex (even length, {@code 0-9a-f}) or base64 (standard or URL-safe,
   * padding optional), at least {@value #MIN_BYTES} bytes once decoded.
   *
   * @throws IllegalArgumentException in one line, saying what is wrong (never the key itself)
   */
  public static SigningKey parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the signing key is empty");
    }
    var trimmed = text.trim();
    byte[] decoded;
    if (HEX.matcher(trimmed).matches()) {
      decoded = HexFormat.of().parseHex(trimmed);
    } else {
      try {
        decoded = Base64.getDecoder().decode(trimmed.replace('-', '+').replace('_', '/'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the signing key must be hex or base64 (generate one with: openssl rand -hex 32)");
      }
    }
    if (decoded.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "the signing key is too short: "
              + decoded.length
              + " bytes, at least "
              + MIN_BYTES
              + " needed (generate one with: openssl rand -hex 32)");
    }
    if (distinct(decoded) < MIN_DISTINCT_BYTES) {
      throw new IllegalArgumentException(
          "the signing key is too weak: fewer than "
              + MIN_DISTINCT_BYTES
              + " different byte values (generate one with: openssl rand -hex 32)");
    }
    return new SigningKey(decoded);
  }

  /** A new random key of {@value #MIN_BYTES} bytes from {@link SecureRandom}. */
  public static SigningKey random() {
    var bytes = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(bytes);
    return new SigningKey(bytes);
  }

  /**
   * The key kept in {@code file}, created once (random, hex, mode 0600 where the file system has
   * POSIX permissions) when the file does not exist, so restarts keep sessions valid. Blocking.
   */
  public static SigningKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      var key = random();
      var parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      var temp = parent.resolve(file.getFileName() + ".new-" + System.nanoTime());
      createOwnerOnly(temp);
      Files.writeString(temp, HexFormat.of().formatHex(key.bytes) + "\n", StandardOpenOption.WRITE);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        Files.deleteIfExists(temp);
        return load(file);
      }
      log.info("created a signing key: file={}", file.toAbsolutePath());
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the signing key " + file, e);
    }
  }

  private static SigningKey load(Path file) throws IOException {
    try {
      var permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(permissions)) {
        log.warn(
            "the signing key file is readable by others: file={} mode={}",
            file.toAbsolutePath(),
            PosixFilePermissions.toString(permissions));
      }
    } catch (UnsupportedOperationException e) {
      // no POSIX permissions on this file system
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static void createOwnerOnly(Path path) throws IOException {
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(path);
    }
  }

  private static long distinct(byte[] bytes) {
    var seen = new boolean[256];
    long count = 0;
    for (byte b : bytes) {
      if (!seen[b & 0xff]) {
        seen[b & 0xff] = true;
        count++;
      }
    }
    return count;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SigningKey key && java.security.MessageDigest.isEqual(bytes, key.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SigningKey[" + bytes.length + " bytes]";
  }
}
