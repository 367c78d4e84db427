package io.gitops.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The fabric8 CRUD dispatcher with the write path of a real API server: server-side apply, merge / strategic merge /
 * JSON patch computed here, managedFields recorded on every write, status kept apart from the main resource,
 * generation moved only by spec changes, and owner-reference garbage collection on delete. Every write is turned
 * into a full-object PUT or POST on the fabric8 store, which keeps the watches and resourceVersions.
 */
public class SandboxCrudDispatcher extends KubernetesCrudDispatcher {

  private static final String METADATA = "metadata";
  private static final String STATUS = "status";
  private static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String STRATEGIC_PATCH = "application/strategic-merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String SCALE = "/scale";

  private final ReentrantLock writes = new ReentrantLock();
  private final ApiResourceCatalog catalog;
  private final Clock clock;
  private final KubernetesAttributesExtractor paths = new KubernetesAttributesExtractor();
  private final WatchHub watches;
  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
  /** Set while fabric8's delete handler runs on this thread (it marks finalized objects without a new version). */
  private static final ThreadLocal<Boolean> DELETING = new ThreadLocal<>();
  /** The resourceVersion the store handed out last (read and written under its write lock). */
  private long lastResourceVersion;

  /** Told about stored objects of the types it is interested in (RBAC objects, ServiceAccounts). */
  public interface ChangeListener {

    boolean interestedIn(String apiGroup, String plural);

    /** {@code object} was stored, or with {@code deleted}, removed. Called under the store's write lock. */
    void changed(String plural, JsonNode object, boolean deleted);
  }

  public SandboxCrudDispatcher(ApiResourceCatalog catalog, Clock clock) {
    this(catalog, clock, 1000);
  }

  /** @param watchHistory how many events per resource type a watch can resume from (see {@link WatchHub}) */
  public SandboxCrudDispatcher(ApiResourceCatalog catalog, Clock clock, int watchHistory) {
    this.catalog = catalog;
    this.clock = clock;
    this.watches = new WatchHub(watchHistory);
  }

  public void addListener(ChangeListener listener) {
    listeners.add(listener);
  }

  /** The stored object at {@code path} (one object's path, no query), if any. */
  public Optional<JsonNode> stored(String path) {
    return find(path);
  }

  @Override
  public MockResponse handleDelete(String path) {
    DELETING.set(Boolean.TRUE);
    try {
      return super.handleDelete(path);
    } finally {
      DELETING.remove();
    }
  }

  @Override
  public long requestResourceVersion() {
    lastResourceVersion = super.requestResourceVersion();
    return lastResourceVersion;
  }

  /**
   * Records every change in the watch history (a deletion gets a resourceVersion of its own, as upstream) and tells
   * the listeners. Called by the fabric8 handlers under the store's write lock.
   */
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String state = newState;
    if (resource != null && state != null && Boolean.TRUE.equals(DELETING.get())) {
      // fabric8 marks a finalized object for deletion without a new resourceVersion
      resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
      state = Serialization.asJson(resource);
    }
    String existing = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, state);
    if (Objects.equals(existing, state)) {
      return;
    }
    AttributeSet newAttributes = null;
    long version;
    String oldState = existing;
    if (state != null) {
      KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
      newAttributes = resource != null ? extractor.extract(resource) : extractor.fromResource(state);
      if (!newAttributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
        newAttributes = AttributeSet.merge(pathAttributes, newAttributes);
      }
      version = lastResourceVersion;
    } else {
      version = requestResourceVersion();
      oldState = withResourceVersion(existing, version);
    }
    AttributeSet keyed = newAttributes != null ? newAttributes : oldAttributes;
    String group = value(keyed, KubernetesAttributesExtractor.API);
    String plural = value(keyed, KubernetesAttributesExtractor.PLURAL);
    watches.record(resourceKey(group, plural),
        new WatchHub.Event(version, existing == null ? null : oldAttributes, oldState, newAttributes, state));
    notifyListeners(group == null ? "" : group, plural, state != null ? state : oldState, state == null);
  }

  private void notifyListeners(String group, String plural, String json, boolean deleted) {
    for (ChangeListener listener : listeners) {
      if (json != null && listener.interestedIn(group, plural)) {
        node(json).ifPresent(object -> listener.changed(plural, object, deleted));
      }
    }
  }

  private static String withResourceVersion(String json, long version) {
    if (json == null) {
      return null;
    }
    Optional<JsonNode> object = node(json);
    if (object.isEmpty() || !object.get().path(METADATA).isObject()) {
      return json;
    }
    ((ObjectNode) object.get().get(METADATA)).put(RESOURCE_VERSION, String.valueOf(version));
    return object.get().toString();
  }

  private static String resourceKey(String group, String plural) {
    return (group == null ? "" : group) + "/" + plural;
  }

  /**
   * A watch that honours {@code resourceVersion} (see {@link WatchHub}). Called by fabric8's GET handler under the
   * store's read lock, so no write happens between the replay and the registration.
   */
  @Override
  public MockResponse handleWatch(String path) {
    AttributeSet query = attributeExtractor.fromPath(path);
    RequestContext ctx = RequestContext.of("GET", path, null, null, null);
    String selector = ctx.query().getOrDefault("fieldSelector", "").trim();
    for (String op : List.of("metadata.name==", "metadata.name=")) {
      if (selector.startsWith(op) && !selector.contains(",")) {
        query = query.add(new Attribute(KubernetesAttributesExtractor.NAME, selector.substring(op.length())));
        break;
      }
    }
    String key = resourceKey(value(query, KubernetesAttributesExtractor.API),
        value(query, KubernetesAttributesExtractor.PLURAL));
    return watches.open(key, query, ctx.query().get("resourceVersion"), snapshot());
  }


  @Override
  public MockResponse dispatch(RecordedRequest request) {
    RequestContext ctx = RequestContext.of(request);
    if (ctx.path().endsWith(SCALE)) {
      return exclusively(() -> scale(ctx));
    }
    if ("DELETE".equalsIgnoreCase(request.getMethod())) {
      return exclusively(() -> delete(ctx));
    }
    return super.dispatch(request);
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    return exclusively(() -> create(RequestContext.of(request)));
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    return exclusively(() -> update(RequestContext.of(request)));
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    return exclusively(() -> patch(RequestContext.of(request)));
  }

  /** Status is kept apart here, before the fabric8 handlers see the object. */
  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    return false;
  }

  @Override
  public void touchGeneration(JsonNode currentResource, JsonNode updatedResource) {
    if (GenerationPolicy.shouldBump(currentResource, updatedResource)) {
      ((ObjectNode) updatedResource.get(METADATA)).put(GENERATION,
          currentResource.path(METADATA).path(GENERATION).asLong(0) + 1);
    }
  }

  /** The CustomResourceDefinitions currently stored (for discovery). */
  public List<JsonNode> customResourceDefinitions() {
    List<JsonNode> out = new ArrayList<>();
    for (Map.Entry<AttributeSet, String> entry : snapshot()) {
      if (entry.getKey().matches(new AttributeSet(
          new Attribute(KubernetesAttributesExtractor.PLURAL, "customresourcedefinitions")))) {
        node(entry.getValue()).ifPresent(out::add);
      }
    }
    return out;
  }

  private MockResponse exclusively(Supplier<MockResponse> write) {
    writes.lock();
    try {
      return write.get();
    } catch (RuntimeException e) {
      return ApiStatus.failure(500, "InternalError", String.valueOf(e.getMessage()));
    } finally {
      writes.unlock();
    }
  }

  /** GET, PUT or PATCH of {@code <workload>/scale}: reads and writes {@code spec.replicas}. */
  private MockResponse scale(RequestContext ctx) {
    String mainPath = ctx.path().substring(0, ctx.path().length() - SCALE.length());
    Map<String, String> target = paths.fromKubernetesPath(mainPath);
    boolean scalable = catalog.find(target.get(KubernetesAttributesExtractor.API),
        target.get(KubernetesAttributesExtractor.PLURAL)).map(ApiResource::scaleSubresource).orElse(false);
    Optional<JsonNode> live = find(mainPath);
    if (!scalable || live.isEmpty()) {
      return ApiStatus.failure(404, "NotFound", "no scale subresource at " + ctx.path());
    }
    ObjectNode current = ScaleSubresource.of(live.get());
    JsonNode wanted;
    try {
      wanted = switch (ctx.method().toUpperCase()) {
        case "GET" -> null;
        case "PUT" -> Documents.parse(ctx.body());
        case "PATCH" -> JSON_PATCH.equals(ctx.mediaType())
            ? JsonPatch.apply(Documents.parse(ctx.body()), current)
            : MergePatch.apply(current, Documents.parse(ctx.body()));
        default -> throw new IOException("method not allowed on scale: " + ctx.method());
      };
    } catch (IOException | RuntimeException e) {
      return ApiStatus.failure(400, "BadRequest", "invalid scale request: " + e.getMessage());
    }
    if (wanted == null) {
      return json(200, current);
    }
    RequestContext main = new RequestContext(ctx.method(), ctx.rawPath(), mainPath, ctx.query(), ctx.contentType(),
        ctx.userAgent(), ctx.body());
    ObjectNode candidate = ScaleSubresource.withReplicasOf(live.get(), wanted);
    candidate.withObjectProperty(METADATA).remove(RESOURCE_VERSION);
    MockResponse written = commit(main, live.get(), candidate, ManagedFieldsEntry.UPDATE);
    Optional<JsonNode> stored = find(mainPath);
    return written.code() >= 300 || stored.isEmpty() ? written : json(200, ScaleSubresource.of(stored.get()));
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  private MockResponse create(RequestContext ctx) {
    ObjectNode body;
    try {
      body = object(ctx.body());
    } catch (IOException e) {
      return ApiStatus.failure(400, "BadRequest", "invalid body: " + e.getMessage());
    }
    defaultNamespace(ctx.path(), body);
    if (hasStatusSubresource(ctx.path())) {
      body.remove(STATUS);
    }
    ManagedFields.recordUpdate(null, body, ctx.manager(), FieldScope.MAIN, clock.instant());
    return super.handleCreate(request(HttpMethod.POST, ctx.path(), body));
  }

  private MockResponse update(RequestContext ctx) {
    Optional<JsonNode> live = find(ctx.mainPath());
    if (live.isEmpty()) {
      return notFound(ctx);
    }
    ObjectNode body;
    try {
      body = object(ctx.body());
    } catch (IOException e) {
      return ApiStatus.failure(400, "BadRequest", "invalid body: " + e.getMessage());
    }
    return commit(ctx, live.get(), body, ManagedFieldsEntry.UPDATE);
  }

  private MockResponse patch(RequestContext ctx) {
    String media = ctx.mediaType();
    if (APPLY_PATCH.equals(media)) {
      return apply(ctx);
    }
    if (!MERGE_PATCH.equals(media) && !STRATEGIC_PATCH.equals(media) && !JSON_PATCH.equals(media)
        && !media.isEmpty()) {
      return ApiStatus.failure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
          + "accepted media types include: " + JSON_PATCH + ", " + MERGE_PATCH + ", " + APPLY_PATCH + ", "
          + STRATEGIC_PATCH);
    }
    Optional<JsonNode> live = find(ctx.mainPath());
    if (live.isEmpty()) {
      return notFound(ctx);
    }
    JsonNode patch;
    try {
      patch = Documents.parse(ctx.body());
    } catch (IOException e) {
      return ApiStatus.failure(400, "BadRequest", "invalid patch: " + e.getMessage());
    }
    JsonNode candidate;
    try {
      if (MERGE_PATCH.equals(media)) {
        candidate = MergePatch.apply(live.get(), patch);
      } else if (STRATEGIC_PATCH.equals(media)) {
        candidate = MergePatch.applyStrategic(live.get(), patch);
      } else {
        candidate = JsonPatch.apply(patch, withPathsOf(patch, live.get().deepCopy()));
      }
    } catch (RuntimeException e) {
      return ApiStatus.failure(422, "Invalid", "the patch could not be applied: " + e.getMessage());
    }
    if (!candidate.isObject()) {
      return ApiStatus.failure(422, "Invalid", "the patch did not produce an object");
    }
    return commit(ctx, live.get(), (ObjectNode) candidate, ManagedFieldsEntry.UPDATE);
  }

  private MockResponse apply(RequestContext ctx) {
    ObjectNode applied;
    try {
      applied = object(ctx.body());
    } catch (IOException e) {
      return ApiStatus.failure(400, "BadRequest", "invalid apply configuration: " + e.getMessage());
    }
    if (applied.path("kind").asText("").isEmpty() || applied.path("apiVersion").asText("").isEmpty()) {
      return ApiStatus.failure(400, "BadRequest", "invalid object type: apiVersion and kind are required");
    }
    Map<String, String> target = paths.fromKubernetesPath(ctx.mainPath());
    ObjectNode metadata = applied.withObjectProperty(METADATA);
    String name = target.get(KubernetesAttributesExtractor.NAME);
    if (!metadata.path("name").asText("").isEmpty() && !metadata.path("name").asText().equals(name)) {
      return ApiStatus.failure(400, "BadRequest", "the name of the object (" + metadata.path("name").asText()
          + ") does not match the name on the URL (" + name + ")");
    }
    metadata.put("name", name);
    defaultNamespace(ctx.path(), applied);
    FieldScope scope = ctx.isStatus() ? FieldScope.STATUS : FieldScope.MAIN;
    Optional<JsonNode> live = find(ctx.mainPath());
    try {
      if (live.isEmpty()) {
        if (ctx.isStatus()) {
          return notFound(ctx);
        }
        ObjectNode created = ServerSideApply.apply(null, applied, ctx.manager(), ctx.force(), scope,
            clock.instant());
        ((ObjectNode) created.get(METADATA)).remove(RESOURCE_VERSION);
        if (hasStatusSubresource(ctx.path())) {
          created.remove(STATUS);
        }
        String collection = ctx.path().substring(0, ctx.path().lastIndexOf('/'));
        return super.handleCreate(request(HttpMethod.POST, collection, created));
      }
      ObjectNode merged = ServerSideApply.apply(live.get(), applied, ctx.manager(), ctx.force(), scope,
          clock.instant());
      String wantedVersion = metadata.path(RESOURCE_VERSION).asText("");
      ((ObjectNode) merged.get(METADATA)).put(RESOURCE_VERSION,
          wantedVersion.isEmpty() ? live.get().path(METADATA).path(RESOURCE_VERSION).asText() : wantedVersion);
      return commit(ctx, live.get(), merged, ManagedFieldsEntry.APPLY);
    } catch (ApplyConflictException e) {
      return ApiStatus.conflict(e);
    }
  }

  /**
   * Writes {@code candidate} over {@code live} within the request's scope: a status write changes only status, a main
   * write keeps the live status of types with a status subresource. A write that changes nothing is not stored.
   */
  private MockResponse commit(RequestContext ctx, JsonNode live, ObjectNode candidate, String operation) {
    FieldScope scope = ctx.isStatus() ? FieldScope.STATUS : FieldScope.MAIN;
    ObjectNode next;
    if (scope == FieldScope.STATUS) {
      next = ((ObjectNode) live).deepCopy();
      copyField(candidate, next, STATUS);
      ObjectNode nextMetadata = (ObjectNode) next.get(METADATA);
      String wantedVersion = candidate.path(METADATA).path(RESOURCE_VERSION).asText("");
      if (!wantedVersion.isEmpty()) {
        nextMetadata.put(RESOURCE_VERSION, wantedVersion);
      }
      if (ManagedFieldsEntry.APPLY.equals(operation)) {
        copyField((ObjectNode) candidate.path(METADATA), nextMetadata, "managedFields");
      }
    } else {
      next = candidate;
      if (hasStatusSubresource(ctx.path())) {
        copyField((ObjectNode) live, next, STATUS);
      }
      ObjectNode nextMetadata = next.withObjectProperty(METADATA);
      if (nextMetadata.path(RESOURCE_VERSION).asText("").isEmpty()) {
        nextMetadata.put(RESOURCE_VERSION, live.path(METADATA).path(RESOURCE_VERSION).asText());
      }
    }
    ObjectNode nextMetadata = (ObjectNode) next.get(METADATA);
    for (String kept : List.of("namespace", UID, CREATION_TIMESTAMP, GENERATION)) {
      copyField((ObjectNode) live.get(METADATA), nextMetadata, kept);
    }
    if (ManagedFieldsEntry.UPDATE.equals(operation)) {
      nextMetadata.remove("managedFields");
      ManagedFields.recordUpdate(live, next, ctx.manager(), scope, clock.instant());
    }
    if (next.equals(live)) {
      return new MockResponse().setResponseCode(200).setBody(live.toString());
    }
    ManagedFields.touch(next, ctx.manager(), operation, scope, clock.instant());
    return super.handleUpdate(request(HttpMethod.PUT, ctx.mainPath(), next));
  }

  private MockResponse delete(RequestContext ctx) {
    AttributeSet query = getKey(ctx.rawPath());
    List<String> uids = new ArrayList<>();
    for (Map.Entry<AttributeSet, String> entry : snapshot()) {
      if (entry.getKey().matches(query)) {
        node(entry.getValue()).ifPresent(n -> uids.add(n.path(METADATA).path(UID).asText()));
      }
    }
    MockResponse response = handleDelete(ctx.rawPath());
    if (!isOrphaning(ctx)) {
      collectGarbage(uids);
    }
    deleteNamespaceContents(ctx.path());
    return response;
  }

  /** Deleting a namespace deletes everything in it (at once: the sandbox has no Terminating phase). */
  private void deleteNamespaceContents(String path) {
    Map<String, String> target = paths.fromKubernetesPath(path);
    if (target.get(KubernetesAttributesExtractor.API) != null
        || !"namespaces".equals(target.get(KubernetesAttributesExtractor.PLURAL))
        || target.get(KubernetesAttributesExtractor.NAME) == null) {
      return;
    }
    AttributeSet inNamespace = new AttributeSet(new Attribute(KubernetesAttributesExtractor.NAMESPACE,
        target.get(KubernetesAttributesExtractor.NAME)));
    for (Map.Entry<AttributeSet, String> entry : snapshot()) {
      if (entry.getKey().matches(inNamespace) && entry.getKey().containsKey(KubernetesAttributesExtractor.NAME)) {
        handleDelete(pathOf(entry.getKey()));
      }
    }
  }

  private static boolean isOrphaning(RequestContext ctx) {
    if ("Orphan".equalsIgnoreCase(ctx.query().get("propagationPolicy"))) {
      return true;
    }
    try {
      return !ctx.body().isBlank() && "Orphan".equalsIgnoreCase(Documents.parse(ctx.body())
          .path("propagationPolicy").asText());
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes, transitively, every stored object whose ownerReferences name a deleted uid. */
  private void collectGarbage(List<String> deletedUids) {
    Deque<String> pending = new ArrayDeque<>(deletedUids);
    while (!pending.isEmpty()) {
      String owner = pending.pop();
      for (Map.Entry<AttributeSet, String> entry : snapshot()) {
        Optional<JsonNode> dependent = node(entry.getValue());
        if (dependent.isPresent() && isOwnedBy(dependent.get(), owner)) {
          handleDelete(pathOf(entry.getKey()));
          if (findResource(entry.getKey()) == null) {
            pending.push(dependent.get().path(METADATA).path(UID).asText());
          }
        }
      }
    }
  }

  private static boolean isOwnedBy(JsonNode object, String ownerUid) {
    for (JsonNode ref : object.path(METADATA).path("ownerReferences")) {
      if (ownerUid.equals(ref.path("uid").asText())) {
        return true;
      }
    }
    return false;
  }

  private static String pathOf(AttributeSet attributes) {
    String api = value(attributes, KubernetesAttributesExtractor.API);
    String version = value(attributes, KubernetesAttributesExtractor.VERSION);
    String namespace = value(attributes, KubernetesAttributesExtractor.NAMESPACE);
    StringBuilder sb = new StringBuilder(api == null ? "/api/" + version : "/apis/" + api + "/" + version);
    if (namespace != null) {
      sb.append("/namespaces/").append(namespace);
    }
    return sb.append('/').append(value(attributes, KubernetesAttributesExtractor.PLURAL)).append('/')
        .append(value(attributes, KubernetesAttributesExtractor.NAME)).toString();
  }

  private static String value(AttributeSet attributes, String key) {
    Attribute attribute = attributes.getAttribute(key);
    return attribute == null || attribute.getValues().isEmpty() ? null
        : attribute.getValues().iterator().next().toString();
  }

  private boolean hasStatusSubresource(String path) {
    Map<String, String> target = paths.fromKubernetesPath(path);
    Optional<ApiResource> builtIn = catalog.find(target.get(KubernetesAttributesExtractor.API),
        target.get(KubernetesAttributesExtractor.PLURAL));
    return builtIn.map(ApiResource::statusSubresource)
        .orElseGet(() -> super.isStatusSubresourceEnabledForResource(path));
  }

  private void defaultNamespace(String path, ObjectNode object) {
    String namespace = paths.fromKubernetesPath(path).get(KubernetesAttributesExtractor.NAMESPACE);
    ObjectNode metadata = object.withObjectProperty(METADATA);
    if (namespace != null && metadata.path("namespace").asText("").isEmpty()) {
      metadata.put("namespace", namespace);
    }
  }

  private Optional<JsonNode> find(String path) {
    Map.Entry<AttributeSet, String> entry = findResource(getKey(path));
    return entry == null ? Optional.empty() : node(entry.getValue());
  }

  private List<Map.Entry<AttributeSet, String>> snapshot() {
    synchronized (map) {
      return new ArrayList<>(map.entrySet());
    }
  }

  private static MockResponse notFound(RequestContext ctx) {
    Map<String, String> target = new KubernetesAttributesExtractor().fromKubernetesPath(ctx.mainPath());
    return ApiStatus.failure(404, "NotFound", target.get(KubernetesAttributesExtractor.PLURAL) + " \""
        + target.get(KubernetesAttributesExtractor.NAME) + "\" not found");
  }

  private static void copyField(ObjectNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value == null) {
      to.remove(field);
    } else {
      to.set(field, value.deepCopy());
    }
  }

  private static ObjectNode object(String body) throws IOException {
    JsonNode node = Documents.parse(body);
    if (!node.isObject()) {
      throw new IOException("expected an object");
    }
    return (ObjectNode) node;
  }

  private static Optional<JsonNode> node(String json) {
    try {
      return Optional.of(Jsons.read(json));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static RecordedRequest request(HttpMethod method, String path, JsonNode body) {
    return new RecordedRequest("HTTP/1.1", method, path,
        Headers.builder().add("Content-Type", "application/json").build(),
        new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Like the fabric8 handler: create the intermediate objects a JSON patch's paths need. */
  private static JsonNode withPathsOf(JsonNode patch, JsonNode resource) {
    for (Iterator<JsonNode> it = patch.elements(); it.hasNext();) {
      String[] segments = it.next().path("path").asText().replaceAll("^/", "").split("/");
      JsonNode node = resource;
      for (int i = 0; i < segments.length - 1; i++) {
        if (node.isObject() && node.get(segments[i]) == null) {
          ((ObjectNode) node).putObject(segments[i]);
        }
        node = node.path(segments[i]);
      }
    }
    return resource;
  }
}
