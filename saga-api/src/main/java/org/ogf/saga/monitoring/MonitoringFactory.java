package org.ogf.saga.monitoring;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.TimeoutException;

/**
 * Factory of the monitoring package: application-defined {@link Metric}s (the objects of the API make their own).
 * The arguments are the metric's attributes (see {@link Metric}): mode {@code ReadOnly}, {@code ReadWrite} or
 * {@code Final}; type {@code String}, {@code Int}, {@code Enum}, {@code Float}, {@code Bool}, {@code Time} or
 * {@code Trigger}.
 */
public abstract class MonitoringFactory {
    /** Implementation of {@link #createMetric(String, String, String, String, String, String)}. */
    protected abstract Metric doCreateMetric(String name, String desc, String mode, String unit, String type,
            String value) throws NotImplementedException, BadParameterException, TimeoutException, NoSuccessException;

    /**
     * A metric with the given attributes.
     *
     * @throws BadParameterException an empty name, an unknown mode or type
     */
    public static Metric createMetric(String name, String desc, String mode, String unit, String type, String value)
            throws NotImplementedException, BadParameterException, TimeoutException, NoSuccessException {
        return createMetric(null, name, desc, mode, unit, type, value);
    }

    /** As {@link #createMetric(String, String, String, String, String, String)}, of the named SAGA implementation. */
    public static Metric createMetric(String sagaFactoryClassname, String name, String desc, String mode, String unit,
            String type, String value) throws NotImplementedException, BadParameterException, TimeoutException,
            NoSuccessException {
        return ImplementationBootstrapLoader.getMonitoringFactory(sagaFactoryClassname)
                .doCreateMetric(name, desc, mode, unit, type, value);
    }
}
