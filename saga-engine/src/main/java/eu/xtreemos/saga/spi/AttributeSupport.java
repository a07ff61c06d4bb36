package eu.xtreemos.saga.spi;

import org.ogf.saga.attributes.AsyncAttributes;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/**
 * {@link AsyncAttributes} on an {@link AttributeStore}: an object implements {@link #attributeStore} and
 * {@link #taskOf} and gets every attribute call, sync and task forms.
 */
public interface AttributeSupport<T> extends AsyncAttributes<T> {
    /** The object's attributes. */
    AttributeStore attributeStore();

    /** Runs {@code call} in {@code mode} as a task of this object. */
    <E> Task<T, E> taskOf(TaskMode mode, SagaCall<E> call);

    /** Called before a write; an object that is closed throws {@link IncorrectStateException}. */
    default void beforeAttributeChange(String key, String[] values) throws IncorrectStateException, BadParameterException {
    }

    @Override
    default void setAttribute(String key, String value) throws PermissionDeniedException, IncorrectStateException,
            BadParameterException, DoesNotExistException {
        beforeAttributeChange(key, new String[] {value});
        attributeStore().set(key, value);
    }

    @Override
    default String getAttribute(String key) throws IncorrectStateException, DoesNotExistException {
        return attributeStore().get(key);
    }

    @Override
    default void setVectorAttribute(String key, String[] values) throws PermissionDeniedException,
            IncorrectStateException, BadParameterException, DoesNotExistException {
        beforeAttributeChange(key, values);
        attributeStore().setVector(key, values);
    }

    @Override
    default String[] getVectorAttribute(String key) throws DoesNotExistException {
        return attributeStore().getVector(key);
    }

    @Override
    default void removeAttribute(String key) throws PermissionDeniedException, DoesNotExistException {
        attributeStore().remove(key);
    }

    @Override
    default String[] listAttributes() {
        return attributeStore().list();
    }

    @Override
    default String[] findAttributes(String... patterns) throws BadParameterException {
        return attributeStore().find(patterns);
    }

    @Override
    default boolean existsAttribute(String key) {
        return attributeStore().exists(key);
    }

    @Override
    default boolean isReadOnlyAttribute(String key) throws DoesNotExistException {
        return attributeStore().isReadOnly(key);
    }

    @Override
    default boolean isWritableAttribute(String key) throws DoesNotExistException {
        return !attributeStore().isReadOnly(key);
    }

    @Override
    default boolean isRemovableAttribute(String key) throws DoesNotExistException {
        return attributeStore().isRemovable(key);
    }

    @Override
    default boolean isVectorAttribute(String key) throws DoesNotExistException {
        return attributeStore().isVector(key);
    }

    @Override
    default Task<T, Void> setAttribute(TaskMode mode, String key, String value) {
        return taskOf(mode, () -> {
            setAttribute(key, value);
            return null;
        });
    }

    @Override
    default Task<T, String> getAttribute(TaskMode mode, String key) {
        return taskOf(mode, () -> getAttribute(key));
    }

    @Override
    default Task<T, Void> setVectorAttribute(TaskMode mode, String key, String[] values) {
        return taskOf(mode, () -> {
            setVectorAttribute(key, values);
            return null;
        });
    }

    @Override
    default Task<T, String[]> getVectorAttribute(TaskMode mode, String key) {
        return taskOf(mode, () -> getVectorAttribute(key));
    }

    @Override
    default Task<T, Void> removeAttribute(TaskMode mode, String key) {
        return taskOf(mode, () -> {
            removeAttribute(key);
            return null;
        });
    }

    @Override
    default Task<T, String[]> listAttributes(TaskMode mode) {
        return taskOf(mode, this::listAttributes);
    }

    @Override
    default Task<T, String[]> findAttributes(TaskMode mode, String... patterns) {
        return taskOf(mode, () -> findAttributes(patterns));
    }

    @Override
    default Task<T, Boolean> existsAttribute(TaskMode mode, String key) {
        return taskOf(mode, () -> existsAttribute(key));
    }

    @Override
    default Task<T, Boolean> isReadOnlyAttribute(TaskMode mode, String key) {
        return taskOf(mode, () -> isReadOnlyAttribute(key));
    }

    @Override
    default Task<T, Boolean> isWritableAttribute(TaskMode mode, String key) {
        return taskOf(mode, () -> isWritableAttribute(key));
    }

    @Override
    default Task<T, Boolean> isRemovableAttribute(TaskMode mode, String key) {
        return taskOf(mode, () -> isRemovableAttribute(key));
    }

    @Override
    default Task<T, Boolean> isVectorAttribute(TaskMode mode, String key) {
        return taskOf(mode, () -> isVectorAttribute(key));
    }
}
