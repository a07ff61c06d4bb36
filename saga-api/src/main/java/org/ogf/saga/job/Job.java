package org.ogf.saga.job;

import java.io.InputStream;
import java.io.OutputStream;
import org.ogf.saga.attributes.AsyncAttributes;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.permissions.Permissions;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/**
 * A job submitted to a job service (GFD.90 section 4.1): a task whose state follows the job's, with attributes
 * describing it, and signalling, checkpointing and migration.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface Job extends AsyncAttributes<Job>, Permissions<Job>, Async, Task<Void, Void> {
    String CREATED = "Created";
    String EXECUTIONHOSTS = "ExecutionHosts";
    String EXITCODE = "ExitCode";
    String FINISHED = "Finished";
    String JOBID = "JobID";
    String JOB_CPUTIME = "job.cpu_time";
    String JOB_MEMORYUSE = "job.memory_use";
    String JOB_PERFORMANCE = "job.performance";
    String JOB_SIGNAL = "job.signal";
    String JOB_STATE = "job.state";
    String JOB_STATEDETAIL = "job.state_detail";
    String JOB_VMEMORYUSE = "job.vmemory_use";
    String SERVICEURL = "ServiceURL";
    String STARTED = "Started";
    String TERMSIG = "Termsig";
    String WORKINGDIRECTORY = "WorkingDirectory";

    Task<Job, Void> checkpoint(TaskMode mode) throws NotImplementedException;
    void checkpoint() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    JobDescription getJobDescription() throws
            AuthenticationFailedException, AuthorizationFailedException, DoesNotExistException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<Job, JobDescription> getJobDescription(TaskMode mode) throws NotImplementedException;
    InputStream getStderr() throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    Task<Job, InputStream> getStderr(TaskMode mode) throws NotImplementedException;
    OutputStream getStdin() throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    Task<Job, OutputStream> getStdin(TaskMode mode) throws NotImplementedException;
    InputStream getStdout() throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    Task<Job, InputStream> getStdout(TaskMode mode) throws NotImplementedException;
    Task<Job, Void> migrate(TaskMode mode, JobDescription jd) throws NotImplementedException;
    void migrate(JobDescription jd) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<Job, Void> resume(TaskMode mode) throws NotImplementedException;
    void resume() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<Job, Void> signal(TaskMode mode, int signum) throws NotImplementedException;
    void signal(int signum) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<Job, Void> suspend(TaskMode mode) throws NotImplementedException;
    void suspend() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
}
