package org.ogf.saga.bootstrap;

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

/** A second SAGA implementation for BootstrapOrderTest: only its presence as a provider matters. */
public final class AnotherSagaFactory implements SagaFactory {
    @Override public BufferFactory createBufferFactory() { return null; }
    @Override public ContextFactory createContextFactory() { return null; }
    @Override public FileFactory createFileFactory() { return null; }
    @Override public ISNFactory createISNFactory() throws NotImplementedException { throw new NotImplementedException("test"); }
    @Override public JobFactory createJobFactory() throws NotImplementedException { throw new NotImplementedException("test"); }
    @Override public LogicalFileFactory createLogicalFileFactory() throws NotImplementedException { throw new NotImplementedException("test"); }
    @Override public MonitoringFactory createMonitoringFactory() throws NotImplementedException { throw new NotImplementedException("test"); }
    @Override public NSFactory createNamespaceFactory() throws NotImplementedException { throw new NotImplementedException("test"); }
    @Override public RPCFactory createRPCFactory() throws NotImplementedException { throw new NotImplementedException("test"); }
    @Override public SDFactory createSDFactory() throws NotImplementedException { throw new NotImplementedException("test"); }
    @Override public SessionFactory createSessionFactory() { return null; }
    @Override public StreamFactory createStreamFactory() throws NotImplementedException { throw new NotImplementedException("test"); }
    @Override public TaskFactory createTaskFactory() throws NotImplementedException { throw new NotImplementedException("test"); }
    @Override public URLFactory createURLFactory() { return null; }
}
