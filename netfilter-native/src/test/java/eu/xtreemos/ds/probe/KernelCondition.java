package eu.xtreemos.ds.probe;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Evaluates {@link RequiresKernel}: disabled, with the probe's reasons, when a capability is missing. */
public final class KernelCondition implements ExecutionCondition {
    /** How every capability skip's reason starts: the CI report tells them from other skips by it. */
    public static final String PREFIX = "kernel lacks ";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RequiresKernel> r = context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresKernel.class));
        if (r.isEmpty()) {
            return ConditionEvaluationResult.enabled("no kernel requirement");
        }
        List<String> missing = new ArrayList<>();
        for (Capability c : r.get().value()) {
            KernelProbe.Result result = KernelProbe.result(c);
            if (!result.available()) {
                missing.add(result.reason());
            }
        }
        return missing.isEmpty() ? ConditionEvaluationResult.enabled("the kernel has " + List.of(r.get().value()))
                : ConditionEvaluationResult.disabled(PREFIX + String.join("; ", missing));
    }

    /** For a test that finds out at run time what it needs: skips it, with the probe's reason, unless the kernel has {@code c}. */
    public static void assumeKernel(Capability c) {
        KernelProbe.Result result = KernelProbe.result(c);
        if (!result.available()) {
            throw new CapabilityMissing(PREFIX + result.reason());
        }
    }

    /** The skip of a test whose kernel capability is missing: the only skip {@link CiSkipPolicy} lets pass under CI. */
    public static final class CapabilityMissing extends org.opentest4j.TestAbortedException {
        CapabilityMissing(String message) {
            super(message);
        }
    }
}
