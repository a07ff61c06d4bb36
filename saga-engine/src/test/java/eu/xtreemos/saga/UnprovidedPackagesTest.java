package eu.xtreemos.saga;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.file.FileFactory;
import org.ogf.saga.isn.ISNFactory;
import org.ogf.saga.job.JobFactory;
import org.ogf.saga.logicalfile.LogicalFileFactory;
import org.ogf.saga.namespace.Flags;
import org.ogf.saga.namespace.NSFactory;
import org.ogf.saga.rpc.IOMode;
import org.ogf.saga.rpc.RPCFactory;
import org.ogf.saga.sd.SDFactory;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An application calling the binding's entry points for a package this implementation does not provide compiles
 * (this test is such an application) and gets NotImplementedException naming the package — never a stub that
 * pretends to work.
 */
class UnprovidedPackagesTest {
    private static final String DEFAULT = eu.xtreemos.saga.engine.EngineSagaFactory.class.getName();

    private static void refused(String pkg, Executable call) {
        NotImplementedException e = assertThrows(NotImplementedException.class, call);
        assertTrue(e.getMessage().contains("(Distributed Servers) does not provide package " + pkg), e.getMessage());
        assertTrue(e.getMessage().contains("saga.factory"), "says how to use another implementation: " + e.getMessage());
    }

    @Test
    void jobSubmissionIsRefusedWithTheReason() throws Exception {
        URL rm = URLFactory.createURL("ssh://[fd00::1]/");
        Session s = SessionFactory.createSession(false);
        refused("org.ogf.saga.job", JobFactory::createJobDescription);
        refused("org.ogf.saga.job", () -> JobFactory.createJobService(rm));
        refused("org.ogf.saga.job", () -> JobFactory.createJobService(s, rm));
        refused("org.ogf.saga.job", () -> JobFactory.createJobService(DEFAULT, s));
        refused("org.ogf.saga.job", () -> JobFactory.createJobService());
        refused("org.ogf.saga.job", () -> JobFactory.createJobService(TaskMode.ASYNC, rm));
    }

    @Test
    void filesNamespacesAndReplicaCataloguesAreRefused() throws Exception {
        URL f = URLFactory.createURL("file:///etc/hostname");
        refused("org.ogf.saga.file", () -> FileFactory.createFile(f));
        refused("org.ogf.saga.file", () -> FileFactory.createFile(f, Flags.READ.or(Flags.BINARY)));
        refused("org.ogf.saga.file", () -> FileFactory.createDirectory(TaskMode.TASK, f));
        refused("org.ogf.saga.file", () -> FileFactory.createFileInputStream(f));
        refused("org.ogf.saga.file", () -> FileFactory.createFileOutputStream(DEFAULT, f, true));
        NoSuccessException iovec = assertThrows(NoSuccessException.class, () -> FileFactory.createIOVec(new byte[4]));
        assertInstanceOf(NotImplementedException.class, iovec.getCause(), "the binding's I/O vector calls cannot throw NotImplemented");
        assertTrue(iovec.getMessage().contains("org.ogf.saga.file"), iovec.getMessage());

        refused("org.ogf.saga.namespace", () -> NSFactory.createNSEntry(f));
        refused("org.ogf.saga.namespace", () -> NSFactory.createNSDirectory(TaskMode.ASYNC, f, Flags.CREATE.getValue()));
        refused("org.ogf.saga.logicalfile", () -> LogicalFileFactory.createLogicalFile(f));
        refused("org.ogf.saga.logicalfile", () -> LogicalFileFactory.createLogicalDirectory(DEFAULT, f));
    }

    @Test
    void rpcServiceDiscoveryAndInformationSystemsAreRefused() throws Exception {
        URL fn = URLFactory.createURL("gridrpc://[fd00::1]/solve");
        refused("org.ogf.saga.rpc", () -> RPCFactory.createRPC(fn));
        refused("org.ogf.saga.rpc", () -> RPCFactory.createRPC(TaskMode.SYNC, fn));
        refused("org.ogf.saga.rpc", () -> RPCFactory.createParameter(new byte[8], IOMode.INOUT));
        refused("org.ogf.saga.sd", SDFactory::createDiscoverer);
        refused("org.ogf.saga.sd", () -> SDFactory.createDiscoverer(SessionFactory.createSession(), fn));
        refused("org.ogf.saga.isn", () -> ISNFactory.createEntityDataSet("glue1", "Service", "Type = 'x'"));
    }

    @Test
    void theRefusalComesBeforeAnyWork() {
        // A bad URL or a null session would fail later; the missing package is said first.
        refused("org.ogf.saga.job", () -> JobFactory.createJobService((Session) null, (URL) null));
        refused("org.ogf.saga.namespace", () -> NSFactory.createNSEntry((URL) null));
    }

    @Test
    void flagsCombineAsTheBindingSays() {
        assertEquals(1536, Flags.READWRITE.getValue());
        assertEquals(Flags.READ.getValue() | Flags.CREATE.getValue(), Flags.READ.or(Flags.CREATE));
        assertTrue(Flags.WRITE.isSet(Flags.READWRITE.getValue()));
        assertFalse(Flags.EXCL.isSet(Flags.CREATE.getValue()));
    }
}
