package eu.xtreemos.saga.spi;

import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.permissions.Permissions;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/**
 * {@link Permissions} for objects whose access is decided elsewhere (for a distributed server: by dsco's
 * configuration): every call answers {@link NotImplementedException} saying so.
 */
public interface NoPermissions<T> extends Permissions<T> {
    /** Why permissions cannot be managed through this object. */
    String permissionsNotice();

    private NotImplementedException notImplemented(String call) {
        return new NotImplementedException(call + ": " + permissionsNotice());
    }

    @Override
    default void permissionsAllow(String id, int permissions) throws NotImplementedException {
        throw notImplemented("permissionsAllow");
    }

    @Override
    default void permissionsDeny(String id, int permissions) throws NotImplementedException {
        throw notImplemented("permissionsDeny");
    }

    @Override
    default boolean permissionsCheck(String id, int permissions) throws NotImplementedException {
        throw notImplemented("permissionsCheck");
    }

    @Override
    default String getOwner() throws NotImplementedException {
        throw notImplemented("getOwner");
    }

    @Override
    default String getGroup() throws NotImplementedException {
        throw notImplemented("getGroup");
    }

    @Override
    default Task<T, Void> permissionsAllow(TaskMode mode, String id, int permissions) throws NotImplementedException {
        throw notImplemented("permissionsAllow");
    }

    @Override
    default Task<T, Void> permissionsDeny(TaskMode mode, String id, int permissions) throws NotImplementedException {
        throw notImplemented("permissionsDeny");
    }

    @Override
    default Task<T, Boolean> permissionsCheck(TaskMode mode, String id, int permissions) throws NotImplementedException {
        throw notImplemented("permissionsCheck");
    }

    @Override
    default Task<T, String> getOwner(TaskMode mode) throws NotImplementedException {
        throw notImplemented("getOwner");
    }

    @Override
    default Task<T, String> getGroup(TaskMode mode) throws NotImplementedException {
        throw notImplemented("getGroup");
    }
}
