package dev.millrace.sse.internal;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * An unordered array of members with O(1) add and remove, for use by one thread (an event loop).
 * Each member remembers its slot through {@code slotSetter}; removing swaps the last member in.
 */
final class SlotList<T> {

  private final ObjIntConsumer<T> slotSetter;
  private Object[] members = new Object[4];
  private volatile int size;

  SlotList(ObjIntConsumer<T> slotSetter) {
    this.slotSetter = slotSetter;
  }

  void add(T member) {
    int n = size;
    if (n == members.length) {
      members = Arrays.copyOf(members, n * 2);
    }
    members[n] = member;
    slotSetter.accept(member, n);
    size = n + 1;
  }

  void remove(int slot) {
    int last = size - 1;
    if (slot < 0 || slot > last) {
      return;
    }
    @SuppressWarnings("unchecked")
    T moved = (T) members[last];
    members[slot] = moved;
    members[last] = null;
    if (slot != last) {
      slotSetter.accept(moved, slot);
    }
    size = last;
    if (last == 0 && members.length > 64) {
      members = new Object[4];
    }
  }

  /** Readable from any thread; the members themselves only from the owning loop. */
  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  T get(int slot) {
    return (T) members[slot];
  }

  /** Calls {@code action} on each member; members removed during the walk are skipped safely. */
  @SuppressWarnings("unchecked")
  void forEach(Consumer<T> action) {
    for (int i = size - 1; i >= 0; i--) {
      if (i < size) {
        action.accept((T) members[i]);
      }
    }
  }
}
