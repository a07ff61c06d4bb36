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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the SAGA implementation (the Java binding's bootstrap): the class named by the factory-name argument
 * of a factory call, else by the system property {@value #SAGA_FACTORY}, else this distribution's own engine
 * ({@value #DEFAULT_FACTORY}, which finds its adaptors with {@link java.util.ServiceLoader}). One instance of
 * each implementation class, and of each package factory it makes, is kept.
 */
public final class ImplementationBootstrapLoader {
    /** System property naming the {@link SagaFactory} class. */
    public static final String SAGA_FACTORY = "saga.factory";
    /** The implementation used when nothing names another. */
    public static final String DEFAULT_FACTORY = "eu.xtreemos.saga.engine.EngineSagaFactory";

    private static final Map<String, Factories> LOADED = new ConcurrentHashMap<>();

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
    public static BufferFactory getBufferFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, BufferFactory.class, SagaFactory::createBufferFactory);
    }

    public static ContextFactory getContextFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, ContextFactory.class, SagaFactory::createContextFactory);
    }

    public static SessionFactory getSessionFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, SessionFactory.class, SagaFactory::createSessionFactory);
    }

    public static StreamFactory getStreamFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, StreamFactory.class, SagaFactory::createStreamFactory);
    }

    public static URLFactory getURLFactory(String factoryName) throws NoSuccessException, NotImplementedException {
        return get(factoryName, URLFactory.class, SagaFactory::createURLFactory);
    }

    /** The file factory: never NotImplementedException (see {@link SagaFactory}). */
    public static FileFactory getFileFactory(String factoryName) throws NoSuccessException {
        try {
            return get(factoryName, FileFactory.class, SagaFactory::createFileFactory);
        } catch (NotImplementedException e) {
            throw new NoSuccessException(e.getMessage(), e);
        }
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
        String name = factoryName != null ? factoryName : System.getProperty(SAGA_FACTORY, DEFAULT_FACTORY);
        Factories f = LOADED.get(name);
        if (f != null) {
            return f;
        }
        Object o;
        try {
            Class<?> c = Class.forName(name, true, loader());
            o = c.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new NoSuccessException("SAGA factory class " + name + " not found (set by "
                    + (factoryName != null ? "the factory-name argument" : "-D" + SAGA_FACTORY + " or the default") + ")", e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new NoSuccessException("SAGA factory class " + name + " cannot be instantiated: " + e, e);
        }
        if (!(o instanceof SagaFactory s)) {
            throw new NoSuccessException("SAGA factory class " + name + " does not implement " + SagaFactory.class.getName());
        }
        return LOADED.computeIfAbsent(name, n -> new Factories(s));
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ImplementationBootstrapLoader.class.getClassLoader();
    }
}
