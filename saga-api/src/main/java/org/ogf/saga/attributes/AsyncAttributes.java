package org.ogf.saga.attributes;

import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/** {@link Attributes} whose calls also come as tasks; {@code T} is the object's type. */
public interface AsyncAttributes<T> extends Attributes {
    Task<T, Void> setAttribute(TaskMode mode, String key, String value) throws NotImplementedException;

    Task<T, String> getAttribute(TaskMode mode, String key) throws NotImplementedException;

    Task<T, Void> setVectorAttribute(TaskMode mode, String key, String[] values) throws NotImplementedException;

    Task<T, String[]> getVectorAttribute(TaskMode mode, String key) throws NotImplementedException;

    Task<T, Void> removeAttribute(TaskMode mode, String key) throws NotImplementedException;

    Task<T, String[]> listAttributes(TaskMode mode) throws NotImplementedException;

    Task<T, String[]> findAttributes(TaskMode mode, String... patterns) throws NotImplementedException;

    Task<T, Boolean> existsAttribute(TaskMode mode, String key) throws NotImplementedException;

    Task<T, Boolean> isReadOnlyAttribute(TaskMode mode, String key) throws NotImplementedException;

    Task<T, Boolean> isWritableAttribute(TaskMode mode, String key) throws NotImplementedException;

    Task<T, Boolean> isRemovableAttribute(TaskMode mode, String key) throws NotImplementedException;

    Task<T, Boolean> isVectorAttribute(TaskMode mode, String key) throws NotImplementedException;
}
