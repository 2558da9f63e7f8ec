package dev.millrace.feeds.posting;

/** No post has the given id. */
public class PostNotFoundException extends RuntimeException {

  public PostNotFoundException(String id) {
    super("no post with id " + id);
  }
}
