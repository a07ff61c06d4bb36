package eu.xtreemos.saga.engine;

import org.ogf.saga.task.TaskContainer;
import org.ogf.saga.task.TaskFactory;

/** Task containers. */
final class EngineTaskFactory extends TaskFactory {
    @Override
    protected TaskContainer doCreateTaskContainer() {
        return new TaskContainerImpl();
    }
}
