package org.ogf.saga.file;

import java.util.List;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaIOException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.namespace.NSEntry;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/**
 * A file (GFD.90 section 4.3), made by {@link FileFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface File extends NSEntry {
    Task<File, Long> getSize(TaskMode mode) throws NotImplementedException;
    long getSize() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    List<String> modesE() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<File, List<String>> modesE(TaskMode mode) throws NotImplementedException;
    Task<File, Integer> read(TaskMode mode, Buffer buffer) throws NotImplementedException;
    Task<File, Integer> read(TaskMode mode, Buffer buffer, int len) throws NotImplementedException;
    Task<File, Integer> read(TaskMode mode, Buffer buffer, int offset, int len) throws NotImplementedException;
    int read(Buffer buffer) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    int read(Buffer buffer, int len) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    int read(Buffer buffer, int offset, int len) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    Task<File, Integer> readE(TaskMode mode, String emode, String spec, Buffer buffer) throws NotImplementedException;
    int readE(String emode, String spec, Buffer buffer) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    Task<File, Integer> readP(TaskMode mode, String pattern, Buffer buffer) throws NotImplementedException;
    int readP(String pattern, Buffer buffer) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    Task<File, Void> readV(TaskMode mode, IOVec[] iovecs) throws NotImplementedException;
    void readV(IOVec[] iovecs) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    Task<File, Long> seek(TaskMode mode, long offset, SeekMode whence) throws NotImplementedException;
    long seek(long offset, SeekMode whence) throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    Task<File, Integer> sizeE(TaskMode mode, String emode, String spec) throws NotImplementedException;
    int sizeE(String emode, String spec) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<File, Integer> sizeP(TaskMode mode, String pattern) throws NotImplementedException;
    int sizeP(String pattern) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<File, Integer> write(TaskMode mode, Buffer buffer) throws NotImplementedException;
    Task<File, Integer> write(TaskMode mode, Buffer buffer, int len) throws NotImplementedException;
    Task<File, Integer> write(TaskMode mode, Buffer buffer, int offset, int len) throws NotImplementedException;
    int write(Buffer buffer) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    int write(Buffer buffer, int len) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    int write(Buffer buffer, int offset, int len) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    Task<File, Integer> writeE(TaskMode mode, String emode, String spec, Buffer buffer) throws NotImplementedException;
    int writeE(String emode, String spec, Buffer buffer) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    Task<File, Integer> writeP(TaskMode mode, String pattern, Buffer buffer) throws NotImplementedException;
    int writeP(String pattern, Buffer buffer) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
    Task<File, Void> writeV(TaskMode mode, IOVec[] iovecs) throws NotImplementedException;
    void writeV(IOVec[] iovecs) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, SagaIOException, TimeoutException;
}
