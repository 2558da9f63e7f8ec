package dev.millrace.hub.internal;

import java.util.regex.Pattern;

/**
 * Turns an RFC 6570 URI template into a pattern that matches its expansions. Each expression
 * matches what its operator can expand to: a simple string ({@code {id}}) one path segment without
 * {@code / ? # ,}; reserved ({@code {+path}}) and fragment ({@code {#f}}) anything; labels, path
 * segments and parameters ({@code {.x}}, {@code {/x}}, {@code {;x}}, {@code {?x}}, {@code {&x}})
 * their prefixed forms, each optional as an undefined variable is. A template that is not
 * well-formed (an unclosed brace) matches only itself.
 */
final class UriTemplates {

  private UriTemplates() {}

  static Pattern toPattern(String template) {
    var regex = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        regex.append(Pattern.quote(template.substring(i)));
        break;
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        return Pattern.compile(Pattern.quote(template));
      }
      if (open > i) {
        regex.append(Pattern.quote(template.substring(i, open)));
      }
      regex.append(expression(template.substring(open + 1, close)));
      i = close + 1;
    }
    return Pattern.compile(regex.toString());
  }

  private static String expression(String body) {
    if (body.isEmpty()) {
      return Pattern.quote("{}");
    }
    char operator = body.charAt(0);
    int count = body.substring("+#./;?&".indexOf(operator) >= 0 ? 1 : 0).split(",").length;
    return switch (operator) {
      case '+' -> ".*";
      case '#' -> "(?:#.*)?";
      case '.' -> "(?:\\.[^/?#.]*)*";
      case '/' -> "(?:/[^/?#]*)*";
      case ';' -> "(?:;[^/?#;]*)*";
      case '?' -> "(?:\\?[^#]*)?";
      case '&' -> "(?:&[^#&]*)*";
      default -> count == 1 ? "[^/?#,]*" : "[^/?#,]*(?:,[^/?#,]*){0," + (count - 1) + "}";
    };
  }
}
