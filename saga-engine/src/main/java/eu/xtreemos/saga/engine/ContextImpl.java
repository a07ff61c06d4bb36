package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.AttributeStore;
import eu.xtreemos.saga.spi.SagaObjectBase;
import org.ogf.saga.context.Context;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.PermissionDeniedException;

/** A security context: the specification's attributes, all writable; Type names the kind. */
final class ContextImpl extends SagaObjectBase implements Context {
    private AttributeStore attributes = new AttributeStore(false);

    ContextImpl(String type) {
        super(null);
        for (String key : new String[] {TYPE, SERVER, CERTREPOSITORY, USERPROXY, USERCERT, USERKEY, USERID,
                USERPASS, USERVO, LIFETIME, REMOTEID, REMOTEHOST, REMOTEPORT}) {
            attributes.define(key, false, false, true, null, null);
        }
        attributes.put(TYPE, type);
    }

    String type() {
        try {
            return attributes.exists(TYPE) ? attributes.get(TYPE) : "";
        } catch (DoesNotExistException | IncorrectStateException e) {
            return "";
        }
    }

    ContextImpl copy() {
        try {
            ContextImpl c = (ContextImpl) super.clone();
            c.attributes = attributes.clone();
            return c;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    boolean sameAs(ContextImpl other) {
        return attributes.sameValues(other.attributes);
    }

    @Override
    public Object clone() {
        return copy();
    }

    @Override
    public void setAttribute(String key, String value) throws PermissionDeniedException, BadParameterException,
            DoesNotExistException {
        attributes.set(key, value);
    }

    @Override
    public String getAttribute(String key) throws IncorrectStateException, DoesNotExistException {
        return attributes.get(key);
    }

    @Override
    public void setVectorAttribute(String key, String[] values) throws PermissionDeniedException,
            BadParameterException, DoesNotExistException {
        attributes.setVector(key, values);
    }

    @Override
    public String[] getVectorAttribute(String key) throws DoesNotExistException {
        return attributes.getVector(key);
    }

    @Override
    public void removeAttribute(String key) throws PermissionDeniedException, DoesNotExistException {
        attributes.remove(key);
    }

    @Override
    public String[] listAttributes() {
        return attributes.list();
    }

    @Override
    public String[] findAttributes(String... patterns) throws BadParameterException {
        return attributes.find(patterns);
    }

    @Override
    public boolean existsAttribute(String key) {
        return attributes.exists(key);
    }

    @Override
    public boolean isReadOnlyAttribute(String key) throws DoesNotExistException {
        return attributes.isReadOnly(key);
    }

    @Override
    public boolean isWritableAttribute(String key) throws DoesNotExistException {
        return !attributes.isReadOnly(key);
    }

    @Override
    public boolean isRemovableAttribute(String key) throws DoesNotExistException {
        return attributes.isRemovable(key);
    }

    @Override
    public boolean isVectorAttribute(String key) throws DoesNotExistException {
        return attributes.isVector(key);
    }

    @Override
    public String toString() {
        return "context " + type();
    }
}
