package org.ogf.saga.job;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * Factory of the job package (GFD.90 section 4.1): job descriptions and job services.
 * This implementation (Distributed Servers) does not provide the package: every method throws
 * {@link NotImplementedException} saying so (as the binding allows), before it does anything else.
 */
public abstract class JobFactory {
    /** Implementation of {@link #createJobDescription}. */
    protected abstract JobDescription doCreateJobDescription() throws NotImplementedException, NoSuccessException;

    /** Implementation of {@link #createJobService}. */
    protected abstract JobService doCreateJobService(Session session, URL rm) throws NotImplementedException,
            BadParameterException, IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, TimeoutException, NoSuccessException;

    /** Implementation of {@link #createJobService} in task form. */
    protected abstract Task<JobFactory, JobService> doCreateJobService(TaskMode mode, Session session, URL rm)
            throws NotImplementedException;

    private static JobFactory factory(String sagaFactoryClassname) throws NotImplementedException, NoSuccessException {
        return ImplementationBootstrapLoader.getJobFactory(sagaFactoryClassname);
    }

    /** The given session, or the default session of the named implementation. */
    private static Session session(String sagaFactoryClassname, Session session) throws NotImplementedException,
            NoSuccessException {
        return session != null ? session : SessionFactory.createSession(sagaFactoryClassname, true);
    }

    /**
     * A new, empty job description. Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the
     * default one).
     */
    public static JobDescription createJobDescription(String sagaFactoryClassname) throws NotImplementedException,
            NoSuccessException {
        JobFactory f = factory(sagaFactoryClassname);
        return f.doCreateJobDescription();
    }

    /**
     * A new, empty job description.
     */
    public static JobDescription createJobDescription() throws NotImplementedException, NoSuccessException {
        return createJobDescription((String) null);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static JobService createJobService(String sagaFactoryClassname, Session session, URL rm)
            throws NotImplementedException, BadParameterException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException, TimeoutException,
            NoSuccessException {
        JobFactory f = factory(sagaFactoryClassname);
        return f.doCreateJobService(session(sagaFactoryClassname, session), rm);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session).
     */
    public static JobService createJobService(Session session, URL rm) throws NotImplementedException,
            BadParameterException, IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, TimeoutException, NoSuccessException {
        return createJobService((String) null, session, rm);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static JobService createJobService(String sagaFactoryClassname, Session session)
            throws NotImplementedException, BadParameterException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException, TimeoutException,
            NoSuccessException {
        return createJobService(sagaFactoryClassname, session, (URL) null);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session).
     */
    public static JobService createJobService(Session session) throws NotImplementedException, BadParameterException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, TimeoutException, NoSuccessException {
        return createJobService((String) null, session);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static JobService createJobService(String sagaFactoryClassname, URL rm) throws NotImplementedException,
            BadParameterException, IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, TimeoutException, NoSuccessException {
        return createJobService(sagaFactoryClassname, (Session) null, rm);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session).
     */
    public static JobService createJobService(URL rm) throws NotImplementedException, BadParameterException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, TimeoutException, NoSuccessException {
        return createJobService((String) null, rm);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static JobService createJobService(String sagaFactoryClassname) throws NotImplementedException,
            BadParameterException, IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, TimeoutException, NoSuccessException {
        return createJobService(sagaFactoryClassname, (Session) null, (URL) null);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session).
     */
    public static JobService createJobService() throws NotImplementedException, BadParameterException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, TimeoutException, NoSuccessException {
        return createJobService((String) null);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<JobFactory, JobService> createJobService(String sagaFactoryClassname, TaskMode mode,
            Session session, URL rm) throws NotImplementedException, NoSuccessException {
        JobFactory f = factory(sagaFactoryClassname);
        return f.doCreateJobService(mode, session(sagaFactoryClassname, session), rm);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session).
     */
    public static Task<JobFactory, JobService> createJobService(TaskMode mode, Session session, URL rm)
            throws NotImplementedException, NoSuccessException {
        return createJobService((String) null, mode, session, rm);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<JobFactory, JobService> createJobService(String sagaFactoryClassname, TaskMode mode,
            Session session) throws NotImplementedException, NoSuccessException {
        return createJobService(sagaFactoryClassname, mode, session, (URL) null);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session).
     */
    public static Task<JobFactory, JobService> createJobService(TaskMode mode, Session session)
            throws NotImplementedException, NoSuccessException {
        return createJobService((String) null, mode, session);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<JobFactory, JobService> createJobService(String sagaFactoryClassname, TaskMode mode, URL rm)
            throws NotImplementedException, NoSuccessException {
        return createJobService(sagaFactoryClassname, mode, (Session) null, rm);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session).
     */
    public static Task<JobFactory, JobService> createJobService(TaskMode mode, URL rm) throws NotImplementedException,
            NoSuccessException {
        return createJobService((String) null, mode, rm);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<JobFactory, JobService> createJobService(String sagaFactoryClassname, TaskMode mode)
            throws NotImplementedException, NoSuccessException {
        return createJobService(sagaFactoryClassname, mode, (Session) null, (URL) null);
    }

    /**
     * A job service for the resource manager {@code rm} (default: the implementation's own) in {@code session}
     * (default: the default session).
     */
    public static Task<JobFactory, JobService> createJobService(TaskMode mode) throws NotImplementedException,
            NoSuccessException {
        return createJobService((String) null, mode);
    }
}
