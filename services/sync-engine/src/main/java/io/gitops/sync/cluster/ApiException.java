package io.gitops.sync.cluster;

/**
 * The API server refused or failed a request. {@link #code()} is the HTTP status (0 when the server could not be
 * reached); 4xx other than 408/409/429 are permanent for the same object.
 */
public class ApiException extends RuntimeException {

    private final int code;

    public ApiException(String message, int code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
