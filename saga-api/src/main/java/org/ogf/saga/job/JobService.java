package org.ogf.saga.job;

import java.util.List;
import org.ogf.saga.SagaObject;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/**
 * A resource manager that runs jobs (GFD.90 section 4.1), made by {@link JobFactory#createJobService}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface JobService extends SagaObject, Async {
    Job createJob(JobDescription jd) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<JobService, Job> createJob(TaskMode mode, JobDescription jd) throws NotImplementedException;
    Job getJob(String jobId) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<JobService, Job> getJob(TaskMode mode, String jobId) throws NotImplementedException;
    JobSelf getSelf() throws
            AuthenticationFailedException, AuthorizationFailedException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<JobService, JobSelf> getSelf(TaskMode mode) throws NotImplementedException;
    List<String> list() throws
            AuthenticationFailedException, AuthorizationFailedException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<JobService, List<String>> list(TaskMode mode) throws NotImplementedException;
    Job runJob(String commandLine) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Job runJob(String commandLine, String host) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Job runJob(String commandLine, String host, boolean append) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Job runJob(String commandLine, boolean append) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<JobService, Job> runJob(TaskMode mode, String commandLine) throws NotImplementedException;
    Task<JobService, Job> runJob(TaskMode mode, String commandLine, String host) throws NotImplementedException;
    Task<JobService, Job> runJob(TaskMode mode, String commandLine, String host, boolean append) throws
            NotImplementedException;
    Task<JobService, Job> runJob(TaskMode mode, String commandLine, boolean append) throws NotImplementedException;
}
