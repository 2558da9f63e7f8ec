package dev.millrace.buildlogs.auth;

/**
 * The minimum strength of a configured token (runner, viewer, admin). A token passes when it has at
 * least {@value #MIN_LENGTH} characters, at least {@value #MIN_DISTINCT} different characters, and
 * at least {@value #MIN_BITS} bits estimated as {@code length × log2(pool)}, where the pool adds up
 * the classes of characters it uses: lower case (26), upper case (26), digits (10), others (33). So
 * 16 random hex digits pass (83 bits), 16 lower-case letters do not (75 bits; 18 do). A token from
 * {@code openssl rand -hex 24} always passes.
 */
public final class TokenStrength {

  public static final int MIN_LENGTH = 16;
  public static final int MIN_DISTINCT = 8;
  public static final int MIN_BITS = 80;

  private TokenStrength() {}

  /**
   * Checks {@code token}, named {@code what} in the message (such as "the runner token").
   *
   * @throws IllegalArgumentException in one line saying why the token is weak (never the token)
   */
  public static void check(String what, String token) {
    if (token == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    var hint = " (generate one with: openssl rand -hex 24)";
    int length = token.codePointCount(0, token.length());
    if (length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          what
              + " is too weak: "
              + length
              + " characters, at least "
              + MIN_LENGTH
              + " needed"
              + hint);
    }
    long distinct = token.codePoints().distinct().count();
    if (distinct < MIN_DISTINCT) {
      throw new IllegalArgumentException(
          what
              + " is too weak: "
              + distinct
              + " different characters, at least "
              + MIN_DISTINCT
              + " needed"
              + hint);
    }
    double bits = estimatedBits(token);
    if (bits < MIN_BITS) {
      throw new IllegalArgumentException(
          what
              + " is too weak: about "
              + (int) bits
              + " bits estimated, at least "
              + MIN_BITS
              + " needed (use more characters, or mix cases, digits and symbols)"
              + hint);
    }
  }

  /** {@code length × log2(pool)}, the pool being the sizes of the character classes used. */
  public static double estimatedBits(String token) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    int length = 0;
    for (int i = 0; i < token.length(); ) {
      int c = token.codePointAt(i);
      i += Character.charCount(c);
      length++;
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        other = true;
      }
    }
    int pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
    return pool == 0 ? 0 : length * (Math.log(pool) / Math.log(2));
  }
}
