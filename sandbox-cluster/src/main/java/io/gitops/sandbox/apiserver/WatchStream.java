package io.gitops.sandbox.apiserver;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.ArrayList;
import java.util.List;

/**
 * One watch connection: frames are queued until the WebSocket opens, then sent in order, so nothing that happened
 * between the watch request and the upgrade is lost.
 */
final class WatchStream extends WebSocketListener {

  /** A client that never opens its socket must not make the sandbox buffer forever. */
  private static final int MAX_PENDING = 10_000;

  private final String resourceKey;
  private final AttributeSet query;
  private final WatchHub hub;
  private final List<String> pending = new ArrayList<>();
  private WebSocket socket;
  private boolean closed;
  private boolean closeWhenFlushed;

  WatchStream(String resourceKey, AttributeSet query, WatchHub hub) {
    this.resourceKey = resourceKey;
    this.query = query;
    this.hub = hub;
  }

  String resourceKey() {
    return resourceKey;
  }

  /** Sends what {@code event} means to this watch: ADDED, MODIFIED or DELETED by its selector, or nothing. */
  void offer(WatchHub.Event event) {
    boolean matchesOld = event.oldAttributes() != null && event.oldAttributes().matches(query);
    boolean matchesNew = event.newAttributes() != null && event.newAttributes().matches(query);
    if (matchesOld && matchesNew) {
      send(frame("MODIFIED", event.newState()));
    } else if (matchesOld) {
      send(frame("DELETED", event.oldState()));
    } else if (matchesNew) {
      send(frame("ADDED", event.newState()));
    }
  }

  boolean matches(AttributeSet attributes) {
    return attributes.matches(query);
  }

  static String frame(String type, String object) {
    return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
  }

  synchronized void send(String frame) {
    if (closed) {
      return;
    }
    if (socket == null) {
      if (pending.size() >= MAX_PENDING) {
        close();
        return;
      }
      pending.add(frame);
    } else {
      socket.send(frame);
    }
  }

  /** Sends the frames queued so far, then closes (used for the ERROR event of an expired watch). */
  synchronized void closeAfterFlush() {
    closeWhenFlushed = true;
    hub.remove(this);
  }

  @Override
  public synchronized void onOpen(WebSocket webSocket, Response response) {
    socket = webSocket;
    pending.forEach(webSocket::send);
    pending.clear();
    if (closeWhenFlushed) {
      webSocket.close(1000, "");
      close();
    }
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    close();
    webSocket.close(code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    close();
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    close();
  }

  private synchronized void close() {
    closed = true;
    pending.clear();
    hub.remove(this);
  }
}
