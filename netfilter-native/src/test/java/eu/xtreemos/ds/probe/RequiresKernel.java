package eu.xtreemos.ds.probe;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test (or every test of the class) runs only where the kernel has these capabilities, as {@link KernelProbe}
 * finds them; elsewhere it is skipped with the probe's reason. The one way a test of this project may skip for the
 * kernel: under {@code CI=true} every other skip fails ({@link CiSkipPolicy}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KernelCondition.class)
public @interface RequiresKernel {
    Capability[] value();
}
