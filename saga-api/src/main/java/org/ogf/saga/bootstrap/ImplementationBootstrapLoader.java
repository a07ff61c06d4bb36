package org.ogf.saga.bootstrap;

import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.context.ContextFactory;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.file.FileFactory;
import org.ogf.saga.isn.ISNFactory;
import org.ogf.saga.job.JobFactory;
import org.ogf.saga.logicalfile.LogicalFileFactory;
import org.ogf.saga.monitoring.MonitoringFactory;
import org.ogf.saga.namespace.NSFactory;
import org.ogf.saga.rpc.RPCFactory;
import org.ogf.saga.sd.SDFactory;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.task.TaskFactory;
import org.ogf.saga.url.URLFactory;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the SAGA implementation (the Java binding's bootstrap). The {@link SagaFactory} class used is, first
 * found:
 * <ol>
 * <li>the one named by the factory-name argument of a factory call;</li>
 * <li>the one named by the property {@value SagaProperties#FACTORY}, from the system properties or a
 * {@value SagaProperties#PROPERTIES_FILENAME} file ({@link SagaProperties});</li>
 * <li>the single {@link SagaFactory} that the jars on the class path declare as a {@link ServiceLoader}
 * provider ({@code META-INF/services/org.ogf.saga.bootstrap.SagaFactory}). None, or more than one, is a
 * {@link NoSuccessException} that says so: no implementation is picked unless one is named or it is the only
 * one there.</li>
 * </ol>
 * One instance of each implementation class, and of each package factory it makes, is kept.
 */
public class ImplementationBootstrapLoader {
    private static final Map<String, Factories> LOADED = new ConcurrentHashMap<>();
    // Weak keys: a class loader that is dropped (an application server's, a test's) takes its entry with it.
    private static final Map<ClassLoader, String> PROVIDED = new WeakHashMap<>();

    private ImplementationBootstrapLoader() {
    }

    /** The package factories of one implementation, each made once. */
    private static final class Factories {
        final SagaFactory saga;
        final Map<Class<?>, Object> made = new ConcurrentHashMap<>();

        Factories(SagaFactory saga) {
            this.saga = saga;
        }
    }

    @FunctionalInterface
    private interface Maker<F> {
        F make(SagaFactory f) throws NotImplementedException;
    }

    /** The buffer factory of the named implementation (null: the default one); likewise for the other getters. */
    public static BufferFactory getBufferFactory(String factoryName) throws NoSuccessException {
        return mandatory(factoryName, BufferFactory.class, SagaFactory::createBufferFactory);
    }

    public static ContextFactory getContextFactory(String factoryName) throws NoSuccessException {
        return mandatory(factoryName, ContextFactory.class, SagaFactory::createContextFactory);
    }

    public static SessionFactory getSessionFactory(String factoryName) throws NoSuccessException {
        return mandatory(factoryName, SessionFactory.class, SagaFactory::createSessionFactory);
    }

    public static StreamFactory getStreamFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, StreamFactory.class, SagaFactory::createStreamFactory);
    }

    public static URLFactory getURLFactory(String factoryName) throws NoSuccessException {
        return mandatory(factoryName, URLFactory.class, SagaFactory::createURLFactory);
    }

    /** The file factory: never NotImplementedException (see {@link SagaFactory}). */
    public static FileFactory getFileFactory(String factoryName) throws NoSuccessException {
        return mandatory(factoryName, FileFactory.class, SagaFactory::createFileFactory);
    }

    public static JobFactory getJobFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, JobFactory.class, SagaFactory::createJobFactory);
    }

    public static LogicalFileFactory getLogicalFileFactory(String factoryName) throws NoSuccessException,
            NotImplementedException {
        return get(factoryName, LogicalFileFactory.class, SagaFactory::createLogicalFileFactory);
    }

    public static MonitoringFactory getMonitoringFactory(String factoryName) throws NoSuccessException,
            NotImplementedException {
        return get(factoryName, MonitoringFactory.class, SagaFactory::createMonitoringFactory);
    }

    public static NSFactory getNamespaceFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, NSFactory.class, SagaFactory::createNamespaceFactory);
    }

    public static RPCFactory getRPCFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, RPCFactory.class, SagaFactory::createRPCFactory);
    }

    public static TaskFactory getTaskFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, TaskFactory.class, SagaFactory::createTaskFactory);
    }

    public static SDFactory getSDFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, SDFactory.class, SagaFactory::createSDFactory);
    }

    public static ISNFactory getISNFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, ISNFactory.class, SagaFactory::createISNFactory);
    }

    /** A package every implementation provides: a null factory is the implementation's failure. */
    private static <F> F mandatory(String factoryName, Class<F> type, Maker<F> maker) throws NoSuccessException {
        try {
            return get(factoryName, type, maker);
        } catch (NotImplementedException e) {
            throw new NoSuccessException(e.getMessage(), e);
        }
    }

    private static <F> F get(String factoryName, Class<F> type, Maker<F> maker) throws NoSuccessException, NotImplementedException {
        Factories f = factories(factoryName);
        Object made = f.made.get(type);
        if (made == null) {
            F created = maker.make(f.saga);
            if (created == null) {
                throw new NotImplementedException(f.saga.getClass().getName() + " does not implement "
                        + type.getPackageName());
            }
            made = f.made.computeIfAbsent(type, t -> created);
        }
        return type.cast(made);
    }

    private static Factories factories(String factoryName) throws NoSuccessException {
        try {
            return find(factoryName);
        } catch (Failure e) {
            throw (NoSuccessException) e.getCause();
        }
    }

    private static Factories find(String factoryName) throws NoSuccessException {
        String name = factoryName;
        String source = "the factory-name argument";
        if (name == null) {
            try {
                name = SagaProperties.factory();
            } catch (UncheckedIOException e) {
                throw new NoSuccessException("the SAGA properties cannot be read: " + e.getMessage(), e);
            }
            source = "the property " + SagaProperties.FACTORY;
            if (name == null || name.isBlank()) {
                return LOADED.computeIfAbsent(provided(), n -> new Factories(instantiate(n, "its ServiceLoader entry")));
            }
            name = name.trim();
        }
        Factories f = LOADED.get(name);
        if (f != null) {
            return f;
        }
        SagaFactory made = instantiate(name, source);
        return LOADED.computeIfAbsent(name, n -> new Factories(made));
    }

    /** The class name of the one SagaFactory declared as a ServiceLoader provider, looked up once per class loader. */
    private static String provided() throws NoSuccessException {
        ClassLoader l = loader();
        synchronized (PROVIDED) {
            String known = PROVIDED.get(l);
            if (known != null) {
                return known;
            }
        }
        String found = lookUp(l);
        synchronized (PROVIDED) {
            PROVIDED.put(l, found);
        }
        return found;
    }

    private static String lookUp(ClassLoader loader) throws NoSuccessException {
        List<String> names;
        try {
            names = ServiceLoader.load(SagaFactory.class, loader).stream()
                    .map(p -> p.type().getName()).distinct().sorted().toList();
        } catch (ServiceConfigurationError e) {
            throw new NoSuccessException("a SagaFactory ServiceLoader entry is broken: " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new NoSuccessException("no SAGA implementation is named: set the property " + SagaProperties.FACTORY
                    + " (-D" + SagaProperties.FACTORY + "=<SagaFactory class> or in " + SagaProperties.PROPERTIES_FILENAME
                    + "), or put an implementation that declares its SagaFactory as a ServiceLoader provider on the class path");
        }
        if (names.size() > 1) {
            throw new NoSuccessException("the class path has several SAGA implementations " + names + ": name the one to use"
                    + " with the property " + SagaProperties.FACTORY);
        }
        return names.get(0);
    }

    /** Thrown out of computeIfAbsent as unchecked, rethrown as the NoSuccessException it carries. */
    private static SagaFactory instantiate(String name, String source) {
        Object o;
        try {
            Class<?> c = Class.forName(name, true, loader());
            o = c.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new Failure(new NoSuccessException("SAGA factory class " + name + " not found (named by " + source + ")", e));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new Failure(new NoSuccessException("SAGA factory class " + name + " (named by " + source
                    + ") cannot be instantiated: " + e, e));
        }
        if (!(o instanceof SagaFactory s)) {
            throw new Failure(new NoSuccessException("SAGA factory class " + name + " (named by " + source
                    + ") does not implement " + SagaFactory.class.getName()));
        }
        return s;
    }

    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(NoSuccessException e) {
            super(e);
        }
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ImplementationBootstrapLoader.class.getClassLoader();
    }
}
