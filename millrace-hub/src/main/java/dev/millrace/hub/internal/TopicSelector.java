package dev.millrace.hub.internal;

import java.util.regex.Pattern;

/**
 * One compiled topic selector: {@code *} (every topic), or a string that a topic matches if it
 * equals it or, when the string is an RFC 6570 URI template, if the topic is one of its expansions.
 * Immutable and thread-safe; compile once (see {@link Selectors#compile}).
 */
final class TopicSelector {

  static final String ANY = "*";

  private final String text;
  private final Pattern template;

  private TopicSelector(String text, Pattern template) {
    this.text = text;
    this.template = template;
  }

  static TopicSelector compile(String text) {
    if (text.equals(ANY) || text.indexOf('{') < 0) {
      return new TopicSelector(text, null);
    }
    return new TopicSelector(text, UriTemplates.toPattern(text));
  }

  String text() {
    return text;
  }

  boolean isAny() {
    return text.equals(ANY);
  }

  /** Whether it is a URI template (not {@code *}, not a plain string). */
  boolean isTemplate() {
    return template != null;
  }

  boolean matches(String topic) {
    return isAny() || text.equals(topic) || (template != null && template.matcher(topic).matches());
  }
}
