package io.gitops.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code java.nio.file.Path} parameter (or {@link Provided} field) of a {@link WithSandbox} test: the kubeconfig
 * file of the injected sandbox, written once per sandbox in a temporary directory that is deleted with the sandbox.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
public @interface Kubeconfig {
}
