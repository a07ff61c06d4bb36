package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.MetricImpl;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.monitoring.MonitoringFactory;

import java.util.Set;

/** Application-defined metrics: the application sets a ReadWrite metric's value and fires it. */
final class EngineMonitoringFactory extends MonitoringFactory {
    private static final Set<String> MODES = Set.of("ReadOnly", "ReadWrite", "Final");
    private static final Set<String> TYPES = Set.of("String", "Int", "Enum", "Float", "Bool", "Time", "Trigger");

    @Override
    protected Metric doCreateMetric(String name, String desc, String mode, String unit, String type, String value)
            throws BadParameterException {
        if (name == null || name.isBlank()) {
            throw new BadParameterException("a metric needs a name");
        }
        if (!MODES.contains(mode)) {
            throw new BadParameterException("metric " + name + ": mode '" + mode + "' is none of " + MODES);
        }
        if (!TYPES.contains(type)) {
            throw new BadParameterException("metric " + name + ": type '" + type + "' is none of " + TYPES);
        }
        return new MetricImpl(null, null, name, desc == null ? "" : desc, mode, unit == null ? "" : unit, type,
                value == null ? "" : value);
    }
}
