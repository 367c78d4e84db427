package io.gitops.sandbox.apiserver;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One watch connection: frames are queued until the WebSocket opens, then sent in order, so nothing that happened
 * between the watch request and the upgrade is lost.
 */
final class WatchStream extends WebSocketListener {

  /** A client that never opens its socket must not make the sandbox buffer forever. */
  private static final int MAX_PENDING = 10_000;
  /**
   * How long a watch ended by an ERROR event stays open for its client to close it. Closing it in {@link #onOpen}
   * races the client: fabric8's Vert.x client attaches its frame handlers only after its upgrade future completes,
   * and attaching them to a socket whose close frame has already arrived throws ("WebSocket is closed") inside that
   * callback, so {@code watch()} never returns. fabric8 (and client-go) close the watch themselves on an ERROR event.
   */
  static final long CLOSE_GRACE_SECONDS = 30;

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
      // not now (see CLOSE_GRACE_SECONDS): the client closes it on the ERROR event; this only ends one that does not
      CompletableFuture.delayedExecutor(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS).execute(() -> closeSocket(webSocket));
    }
  }

  private void closeSocket(WebSocket webSocket) {
    synchronized (this) {
      if (closed) {
        return;
      }
      close();
    }
    webSocket.close(1000, "");
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
