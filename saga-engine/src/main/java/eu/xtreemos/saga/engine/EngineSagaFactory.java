package eu.xtreemos.saga.engine;

import org.ogf.saga.bootstrap.SagaFactory;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.context.ContextFactory;
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

/**
 * This distribution's SAGA implementation, the bootstrap's default: sessions, contexts, URLs, buffers, task
 * containers and application metrics are implemented here; streams go to the
 * {@link eu.xtreemos.saga.spi.StreamAdaptor}s found on the class path. The packages a distributed server has
 * no use for (file, namespace, logical file, job, RPC, service discovery, information system navigator) are not
 * provided: their factories answer {@link NotImplementedException} naming the package.
 */
public final class EngineSagaFactory implements SagaFactory {
    private static final String XOSAGA_SUPPORT = "eu.xtreemos.xosaga.DistributedServerSupport";

    @Override
    public BufferFactory createBufferFactory() {
        return new EngineBufferFactory();
    }

    @Override
    public ContextFactory createContextFactory() {
        return new EngineContextFactory();
    }

    @Override
    public SessionFactory createSessionFactory() {
        return new EngineSessionFactory();
    }

    /**
     * With the XOSAGA API on the class path, a stream factory that makes distributed servers too; without it, plain
     * SAGA streams (an application on the SAGA API alone needs saga-api and saga-engine, nothing else). The XOSAGA
     * classes are touched only behind the check, so the engine loads without them.
     */
    @Override
    public StreamFactory createStreamFactory() {
        return xosagaPresent() ? XosagaStreamFactory.create(StreamAdaptors.load()) : new EngineStreamFactory(StreamAdaptors.load());
    }

    private static boolean xosagaPresent() {
        try {
            Class.forName(XOSAGA_SUPPORT, false, EngineSagaFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public URLFactory createURLFactory() {
        return new EngineURLFactory();
    }

    @Override
    public TaskFactory createTaskFactory() {
        return new EngineTaskFactory();
    }

    @Override
    public MonitoringFactory createMonitoringFactory() {
        return new EngineMonitoringFactory();
    }

    @Override
    public FileFactory createFileFactory() {
        return new UnprovidedFileFactory();
    }

    @Override
    public NSFactory createNamespaceFactory() throws NotImplementedException {
        throw Unprovided.notImplemented("org.ogf.saga.namespace", "name space entries and directories");
    }

    @Override
    public LogicalFileFactory createLogicalFileFactory() throws NotImplementedException {
        throw Unprovided.notImplemented("org.ogf.saga.logicalfile", "replica catalogues");
    }

    @Override
    public JobFactory createJobFactory() throws NotImplementedException {
        throw Unprovided.notImplemented("org.ogf.saga.job", "job submission and control");
    }

    @Override
    public RPCFactory createRPCFactory() throws NotImplementedException {
        throw Unprovided.notImplemented("org.ogf.saga.rpc", "remote procedure calls");
    }

    @Override
    public SDFactory createSDFactory() throws NotImplementedException {
        throw Unprovided.notImplemented("org.ogf.saga.sd", "service discovery");
    }

    @Override
    public ISNFactory createISNFactory() throws NotImplementedException {
        throw Unprovided.notImplemented("org.ogf.saga.isn", "information system navigation");
    }
}
