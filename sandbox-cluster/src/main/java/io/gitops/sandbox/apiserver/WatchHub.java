package io.gitops.sandbox.apiserver;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches that honour {@code resourceVersion}, as kube-apiserver's watch cache does: a bounded history of events per
 * resource type (group + plural), each with the resourceVersion of the write. A watch from a resourceVersion gets
 * the events after it, then the live ones; one older than the history gets an ERROR event with a {@code Status} of
 * code 410, reason {@code Expired}, so that informers relist. A watch without a resourceVersion (or with "0") gets
 * an ADDED event for every matching object first.
 *
 * <p>The caller serialises {@link #record} (under the store's write lock) against {@link #open} (under its read
 * lock), so a watch misses no event between its replay and the live stream.
 */
final class WatchHub {

  /** One change: old state and attributes (null for a creation), new ones (null for a deletion). */
  record Event(long resourceVersion, AttributeSet oldAttributes, String oldState, AttributeSet newAttributes,
      String newState) {
  }

  private final int capacity;
  private final Map<String, Deque<Event>> history = new HashMap<>();
  /** Per resource type, the resourceVersion of the newest event dropped from the history. */
  private final Map<String, Long> compacted = new HashMap<>();
  private final Map<String, Set<WatchStream>> streams = new ConcurrentHashMap<>();

  WatchHub(int capacity) {
    this.capacity = capacity;
  }

  /** Keeps {@code event} and sends it to the open watches of {@code resourceKey}. */
  void record(String resourceKey, Event event) {
    Deque<Event> events = history.computeIfAbsent(resourceKey, k -> new ArrayDeque<>());
    events.addLast(event);
    while (events.size() > capacity) {
      compacted.put(resourceKey, events.removeFirst().resourceVersion());
    }
    Set<WatchStream> open = streams.get(resourceKey);
    if (open != null) {
      open.forEach(s -> s.offer(event));
    }
  }

  /**
   * Opens a watch on {@code resourceKey} for objects matching {@code query}, from {@code resourceVersion} (null,
   * "" or "0": from the current state, given by {@code current}).
   */
  MockResponse open(String resourceKey, AttributeSet query, String resourceVersion,
      List<Map.Entry<AttributeSet, String>> current) {
    WatchStream stream = new WatchStream(resourceKey, query, this);
    if (resourceVersion == null || resourceVersion.isEmpty() || "0".equals(resourceVersion)) {
      for (Map.Entry<AttributeSet, String> entry : current) {
        if (stream.matches(entry.getKey())) {
          stream.send(WatchStream.frame("ADDED", entry.getValue()));
        }
      }
    } else {
      long from;
      try {
        from = Long.parseLong(resourceVersion);
      } catch (NumberFormatException e) {
        return ApiStatus.failure(400, "BadRequest", "invalid resourceVersion: " + resourceVersion);
      }
      long oldest = compacted.getOrDefault(resourceKey, 0L);
      if (from < oldest) {
        stream.send(WatchStream.frame("ERROR", ApiStatus.body(410, "Expired",
            "too old resource version: " + from + " (" + oldest + ")").toString()));
        stream.closeAfterFlush();
        return new MockResponse().withWebSocketUpgrade(stream);
      }
      for (Event event : history.getOrDefault(resourceKey, new ArrayDeque<>())) {
        if (event.resourceVersion() > from) {
          stream.offer(event);
        }
      }
    }
    streams.computeIfAbsent(resourceKey, k -> ConcurrentHashMap.newKeySet()).add(stream);
    return new MockResponse().withWebSocketUpgrade(stream);
  }

  void remove(WatchStream stream) {
    Set<WatchStream> open = streams.get(stream.resourceKey());
    if (open != null) {
      open.remove(stream);
    }
  }
}
