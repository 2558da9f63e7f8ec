package dev.millrace.feeds.posting;

/**
 * An edit was based on an older version of the post than the stored one: someone else changed it
 * meanwhile. The caller decides whether to reload or to overwrite (resend based on {@link
 * #current()}).
 */
public class StaleEditException extends RuntimeException {

  private final long basedOn;
  private final long current;

  public StaleEditException(String id, long basedOn, long current) {
    super(
        "post "
            + id
            + " changed since version "
            + basedOn
            + ": it is at version "
            + current
            + "; reload it, or resend the edit based on version "
            + current
            + " to overwrite");
    this.basedOn = basedOn;
    this.current = current;
  }

  public long basedOn() {
    return basedOn;
  }

  public long current() {
    return current;
  }
}
