package org.ogf.saga.isn;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * Factory of the information system navigator package (OGF GFD.195, shipped with the Java binding 1.1.1).
 * This implementation (Distributed Servers) does not provide the package: every method throws
 * {@link NotImplementedException} saying so (as the binding allows), before it does anything else.
 */
public abstract class ISNFactory {
    /** Implementation of {@link #createEntityDataSet}. */
    protected abstract EntityDataSet doCreateEntityDataSet(String model, String entityName, String filter,
            Session session) throws BadParameterException, DoesNotExistException, NoSuccessException;

    /** Implementation of {@link #createEntityDataSet}. */
    protected abstract EntityDataSet doCreateEntityDataSet(String model, String entityName, String filter,
            Session session, URL infoSystemUrl) throws BadParameterException, DoesNotExistException,
            NoSuccessException;

    private static ISNFactory factory(String sagaFactoryClassname) throws NotImplementedException, NoSuccessException {
        return ImplementationBootstrapLoader.getISNFactory(sagaFactoryClassname);
    }

    /** The given session, or the default session of the named implementation. */
    private static Session session(String sagaFactoryClassname, Session session) throws NotImplementedException,
            NoSuccessException {
        return session != null ? session : SessionFactory.createSession(sagaFactoryClassname, true);
    }

    /**
     * The entities of {@code entityName} in information model {@code model} that pass {@code filter}, from the
     * default information system. Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the
     * default one).
     */
    public static EntityDataSet createEntityDataSet(String sagaFactoryClassname, String model,
            String entityName, String filter, Session session) throws BadParameterException, DoesNotExistException,
            NoSuccessException, NotImplementedException {
        ISNFactory f = factory(sagaFactoryClassname);
        return f.doCreateEntityDataSet(model, entityName, filter,
                session(sagaFactoryClassname, session));
    }

    /**
     * The entities of {@code entityName} in information model {@code model} that pass {@code filter}, from the
     * default information system.
     */
    public static EntityDataSet createEntityDataSet(String model, String entityName, String filter, Session session)
            throws BadParameterException, DoesNotExistException, NoSuccessException, NotImplementedException {
        return createEntityDataSet((String) null, model, entityName, filter, session);
    }

    /**
     * The entities of {@code entityName} in information model {@code model} that pass {@code filter}, from the
     * default information system. Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the
     * default one).
     */
    public static EntityDataSet createEntityDataSet(String sagaFactoryClassname, String model,
            String entityName, String filter) throws BadParameterException, DoesNotExistException, NoSuccessException,
            NotImplementedException {
        return createEntityDataSet(sagaFactoryClassname, model, entityName, filter, (Session) null);
    }

    /**
     * The entities of {@code entityName} in information model {@code model} that pass {@code filter}, from the
     * default information system.
     */
    public static EntityDataSet createEntityDataSet(String model, String entityName, String filter)
            throws BadParameterException, DoesNotExistException, NoSuccessException, NotImplementedException {
        return createEntityDataSet((String) null, model, entityName, filter);
    }

    /**
     * The entities of {@code entityName} in information model {@code model} that pass {@code filter}, from the
     * information system at {@code infoSystemUrl}. Uses the SAGA implementation named by {@code
     * sagaFactoryClassname} (null: the default one).
     */
    public static EntityDataSet createEntityDataSet(String sagaFactoryClassname, String model,
            String entityName, String filter, Session session, URL infoSystemUrl) throws BadParameterException,
            DoesNotExistException, NoSuccessException, NotImplementedException {
        ISNFactory f = factory(sagaFactoryClassname);
        return f.doCreateEntityDataSet(model, entityName, filter,
                session(sagaFactoryClassname, session), infoSystemUrl);
    }

    /**
     * The entities of {@code entityName} in information model {@code model} that pass {@code filter}, from the
     * information system at {@code infoSystemUrl}.
     */
    public static EntityDataSet createEntityDataSet(String model, String entityName, String filter,
            Session session, URL infoSystemUrl) throws BadParameterException, DoesNotExistException,
            NoSuccessException, NotImplementedException {
        return createEntityDataSet((String) null, model, entityName, filter, session, infoSystemUrl);
    }
}
