package io.gitops.testing;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Resolves parameters and fills {@link Provided} fields (static ones before {@code @BeforeAll}, instance ones when the
 * instance is created) with what {@link #value} gives for their type.
 */
abstract class InjectingExtension implements ParameterResolver, BeforeAllCallback, TestInstancePostProcessor {

    /** Whether a parameter or field of {@code type}, annotated as {@code element} is, is this extension's. */
    abstract boolean handles(Class<?> type, AnnotatedElement element);

    abstract Object value(Class<?> type, AnnotatedElement element, ExtensionContext context);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return handles(parameter.getParameter().getType(), parameter.getParameter());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return value(parameter.getParameter().getType(), parameter.getParameter(), context);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        inject(null, context.getRequiredTestClass(), context, field -> Modifier.isStatic(field.getModifiers()));
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) {
        inject(instance, instance.getClass(), context, field -> !Modifier.isStatic(field.getModifiers()));
    }

    private void inject(Object target, Class<?> type, ExtensionContext context, Predicate<Field> which) {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(type, Provided.class, which,
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (!handles(field.getType(), field)) {
                continue;
            }
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@Provided field " + field + " must not be final");
            }
            try {
                field.setAccessible(true);
                field.set(target, value(field.getType(), field, context));
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("cannot set @Provided field " + field, e);
            }
        }
    }

    /** The context of the top-level test class: class-scoped resources live (and are closed) there. */
    static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }

    /** The annotation on the top-level test class (or its superclasses, or as a meta-annotation). */
    static <A extends java.lang.annotation.Annotation> A annotation(ExtensionContext context, Class<A> type) {
        Class<?> testClass = classContext(context).getRequiredTestClass();
        return AnnotationSupport.findAnnotation(testClass, type).orElseThrow(() ->
                new ExtensionConfigurationException(testClass.getName() + " is not annotated @" + type.getSimpleName()));
    }
}
