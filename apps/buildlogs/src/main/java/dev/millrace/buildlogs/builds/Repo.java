package dev.millrace.buildlogs.builds;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.millrace.buildlogs.web.ApiException;
import java.util.regex.Pattern;

/** A repository ({@code org/name}); reading a private one needs a viewer credential. */
public record Repo(
    @JsonIgnore long id, String org, String name, @JsonProperty("private") boolean isPrivate) {

  private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  /** Checks one part of a repository slug; an invalid one is a 400. */
  public static String checkSlug(String part, String what) {
    if (part == null || !SLUG.matcher(part).matches() || part.contains("..")) {
      throw ApiException.badRequest(
          what + " must be 1-100 letters, digits, '.', '-' or '_', was " + part);
    }
    return part;
  }

  public String slug() {
    return org + "/" + name;
  }
}
