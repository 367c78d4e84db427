package io.gitops.sandbox.apiserver;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One watch connection: frames are queued until the WebSocket opens and the client can take them, then sent in
 * order, so nothing that happened between the watch request and the upgrade is lost.
 */
final class WatchStream extends WebSocketListener {

  /** A client that never opens its socket must not make the sandbox buffer forever. */
  private static final int MAX_PENDING = 10_000;
  /**
   * How long after the upgrade the first frames wait. fabric8's Vert.x client attaches its frame handlers only when
   * its upgrade future's callback runs, a task queued behind the read that carried the 101 answer: frames in that
   * same read are dropped (a replayed deletion lost), and a close frame there makes attaching them throw ("WebSocket
   * is closed") inside the callback, so the client's {@code watch()} never returns. Frames sent a moment later
   * arrive in a later read, after the handlers are attached.
   */
  static final long FIRST_FRAME_DELAY_MILLIS = 100;
  /**
   * How long a watch ended by an ERROR event stays open for its client to close it, as fabric8 and client-go do on
   * that event; only then does the sandbox close it.
   */
  static final long CLOSE_GRACE_MILLIS = 30_000;
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "sandbox-watch-timer");
    thread.setDaemon(true);
    return thread;
  });

  private final String resourceKey;
  private final AttributeSet query;
  private final WatchHub hub;
  private final List<String> pending = new ArrayList<>();
  /** Set once the first frames are flushed (see {@link #FIRST_FRAME_DELAY_MILLIS}); until then frames queue. */
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
  public void onOpen(WebSocket webSocket, Response response) {
    TIMER.schedule(() -> flush(webSocket), FIRST_FRAME_DELAY_MILLIS, TimeUnit.MILLISECONDS);
  }

  private synchronized void flush(WebSocket webSocket) {
    if (closed) {
      return;
    }
    socket = webSocket;
    pending.forEach(webSocket::send);
    pending.clear();
    if (closeWhenFlushed) {
      TIMER.schedule(() -> closeSocket(webSocket), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
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
