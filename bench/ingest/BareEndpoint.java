import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** The baseline: a Vert.x endpoint that reads the body and answers 202, doing nothing else. */
public class BareEndpoint {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(request -> {
            Buffer body = Buffer.buffer();
            request.handler(body::appendBuffer);
            request.endHandler(v -> request.response().setStatusCode(202)
                    .putHeader("Content-Type", "application/json").end("{\"status\":\"accepted\"}"));
        }).listen(port).toCompletionStage().toCompletableFuture().join();
        System.out.println("BARE READY " + port);
    }
}
