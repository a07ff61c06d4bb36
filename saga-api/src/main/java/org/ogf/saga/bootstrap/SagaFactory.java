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

/**
 * An implementation of SAGA, as the bootstrap sees it: it makes the factory of each package. The class is
 * named by the property {@value SagaProperties#FACTORY} (see {@link ImplementationBootstrapLoader}) or by the
 * factory-name argument of the packages' factory methods, and needs a public no-argument constructor.
 *
 * <p>Every implementation provides buffers, contexts, sessions, URLs and the file factory (the binding declares
 * their factory calls without NotImplementedException: everything else is built on them). A package the
 * implementation does not provide answers {@link NotImplementedException}; one without files returns a
 * {@link FileFactory} whose calls fail, since the I/O vector calls of that factory may not throw it.
 */
public interface SagaFactory {
    /** The buffer package's factory. */
    BufferFactory createBufferFactory();

    /** The context package's factory. */
    ContextFactory createContextFactory();

    /** The file package's factory (see the class comment). */
    FileFactory createFileFactory();

    /** The job package's factory. */
    JobFactory createJobFactory() throws NotImplementedException;

    /** The logical file package's factory. */
    LogicalFileFactory createLogicalFileFactory() throws NotImplementedException;

    /** The monitoring package's factory (application-defined metrics). */
    MonitoringFactory createMonitoringFactory() throws NotImplementedException;

    /** The namespace package's factory. */
    NSFactory createNamespaceFactory() throws NotImplementedException;

    /** The RPC package's factory. */
    RPCFactory createRPCFactory() throws NotImplementedException;

    /** The session package's factory. */
    SessionFactory createSessionFactory();

    /** The stream package's factory. */
    StreamFactory createStreamFactory() throws NotImplementedException;

    /** The task package's factory (task containers). */
    TaskFactory createTaskFactory() throws NotImplementedException;

    /** The URL package's factory. */
    URLFactory createURLFactory();

    /** The service discovery package's factory (shipped with the Java binding 1.1.1, not part of GFD.90). */
    SDFactory createSDFactory() throws NotImplementedException;

    /** The information system navigator package's factory (shipped with the Java binding 1.1.1, not part of GFD.90). */
    ISNFactory createISNFactory() throws NotImplementedException;
}
