package eu.xtreemos.saga.spi;

import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * A {@link StreamServer} whose task forms run its synchronous calls through {@link #taskOf}: an adaptor's stream
 * server implements the synchronous calls, its metrics and {@code taskOf}, and inherits the rest.
 */
public interface StreamServerSupport extends StreamServer, MonitorableSupport<StreamServer> {

    @Override
    default Task<StreamServer, URL> getUrl(TaskMode mode) {
        return taskOf(mode, this::getUrl);
    }

    @Override
    default Task<StreamServer, Stream> serve(TaskMode mode) {
        return serve(mode, -1f);
    }

    @Override
    default Task<StreamServer, Stream> serve(TaskMode mode, float timeoutInSeconds) {
        return taskOf(mode, () -> serve(timeoutInSeconds));
    }

    @Override
    default Task<StreamServer, Stream> connect(TaskMode mode) {
        return connect(mode, -1f);
    }

    @Override
    default Task<StreamServer, Stream> connect(TaskMode mode, float timeoutInSeconds) {
        return taskOf(mode, () -> connect(timeoutInSeconds));
    }

    @Override
    default Task<StreamServer, Void> close(TaskMode mode) {
        return close(mode, 0f);
    }

    @Override
    default Task<StreamServer, Void> close(TaskMode mode, float timeoutInSeconds) {
        return taskOf(mode, () -> {
            close(timeoutInSeconds);
            return null;
        });
    }
}
