package org.ogf.saga.task;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.TimeoutException;

/** Factory of the task package: {@link TaskContainer}s (tasks themselves come from the task forms of calls). */
public abstract class TaskFactory {
    /** Implementation of {@link #createTaskContainer()}. */
    protected abstract TaskContainer doCreateTaskContainer() throws NotImplementedException, TimeoutException,
            NoSuccessException;

    /** An empty task container. */
    public static TaskContainer createTaskContainer() throws NotImplementedException, TimeoutException,
            NoSuccessException {
        return createTaskContainer(null);
    }

    /**
     * An empty task container of the SAGA implementation named by {@code sagaFactoryClassname} (null: the default
     * one).
     */
    public static TaskContainer createTaskContainer(String sagaFactoryClassname) throws NotImplementedException,
            TimeoutException, NoSuccessException {
        return ImplementationBootstrapLoader.getTaskFactory(sagaFactoryClassname).doCreateTaskContainer();
    }
}
