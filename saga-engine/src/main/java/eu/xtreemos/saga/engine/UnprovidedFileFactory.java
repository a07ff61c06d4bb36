package eu.xtreemos.saga.engine;

import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.file.Directory;
import org.ogf.saga.file.File;
import org.ogf.saga.file.FileFactory;
import org.ogf.saga.file.FileInputStream;
import org.ogf.saga.file.FileOutputStream;
import org.ogf.saga.file.IOVec;
import org.ogf.saga.session.Session;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * The file package, which this implementation does not provide: every call fails with
 * {@link NotImplementedException}; the I/O vector calls, which the binding does not let throw it, with a
 * {@link NoSuccessException} caused by one.
 */
final class UnprovidedFileFactory extends FileFactory {
    private static NotImplementedException missing() {
        return Unprovided.notImplemented("org.ogf.saga.file", "files, directories and file streams");
    }

    @Override
    protected IOVec doCreateIOVec(byte[] data, int lenIn) throws NoSuccessException {
        NotImplementedException e = missing();
        throw new NoSuccessException(e.getMessage(), e);
    }

    @Override
    protected IOVec doCreateIOVec(int size, int lenIn) throws NoSuccessException {
        return doCreateIOVec((byte[]) null, lenIn);
    }

    @Override
    protected File doCreateFile(Session session, URL name, int flags) throws NotImplementedException {
        throw missing();
    }

    @Override
    protected FileInputStream doCreateFileInputStream(Session session, URL name) throws NotImplementedException {
        throw missing();
    }

    @Override
    protected FileOutputStream doCreateFileOutputStream(Session session, URL name, boolean append)
            throws NotImplementedException {
        throw missing();
    }

    @Override
    protected Directory doCreateDirectory(Session session, URL name, int flags) throws NotImplementedException {
        throw missing();
    }

    @Override
    protected Task<FileFactory, File> doCreateFile(TaskMode mode, Session session, URL name, int flags)
            throws NotImplementedException {
        throw missing();
    }

    @Override
    protected Task<FileFactory, FileInputStream> doCreateFileInputStream(TaskMode mode, Session session, URL name)
            throws NotImplementedException {
        throw missing();
    }

    @Override
    protected Task<FileFactory, FileOutputStream> doCreateFileOutputStream(TaskMode mode, Session session, URL name,
                                                                           boolean append) throws NotImplementedException {
        throw missing();
    }

    @Override
    protected Task<FileFactory, Directory> doCreateDirectory(TaskMode mode, Session session, URL name, int flags)
            throws NotImplementedException {
        throw missing();
    }
}
