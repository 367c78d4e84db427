package io.gitops.sync.cluster;

/** The API server does not serve this apiVersion/kind (a typo, or a CRD that is not installed). */
public class UnknownKindException extends RuntimeException {

    public UnknownKindException(String apiVersion, String kind) {
        super("unknown kind " + kind + " in " + apiVersion + ": the API server does not serve it"
                + " (is its CustomResourceDefinition installed?)");
    }
}
