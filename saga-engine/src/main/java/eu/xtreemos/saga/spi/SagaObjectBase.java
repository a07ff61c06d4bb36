package eu.xtreemos.saga.spi;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.session.Session;

import java.util.UUID;

/** Session and id of a SAGA object; a clone gets a new id. */
public abstract class SagaObjectBase implements SagaObject {
    private final Session session;
    private String id = UUID.randomUUID().toString();

    protected SagaObjectBase(Session session) {
        this.session = session;
    }

    @Override
    public Session getSession() throws DoesNotExistException {
        if (session == null) {
            throw new DoesNotExistException(getClass().getSimpleName() + " " + id + " belongs to no session");
        }
        return session;
    }

    /** The session, or null (for code that must not throw). */
    protected Session sessionOrNull() {
        return session;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        SagaObjectBase c = (SagaObjectBase) super.clone();
        c.id = UUID.randomUUID().toString();
        return c;
    }
}
