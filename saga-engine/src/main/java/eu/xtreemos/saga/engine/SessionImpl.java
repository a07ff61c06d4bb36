package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.SagaObjectBase;
import org.ogf.saga.context.Context;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.session.Session;

import java.util.ArrayList;
import java.util.List;

/** A session: a list of context copies. */
final class SessionImpl extends SagaObjectBase implements Session {
    private List<ContextImpl> contexts = new ArrayList<>();

    SessionImpl() {
        super(null);
    }

    @Override
    public synchronized void addContext(Context context) throws NoSuccessException {
        if (!(context instanceof ContextImpl c)) {
            throw new NoSuccessException("addContext: the context was not made by this SAGA implementation");
        }
        if (c.type().isEmpty()) {
            throw new NoSuccessException("addContext: the context has no Type attribute set");
        }
        contexts.add(c.copy());
    }

    @Override
    public synchronized void removeContext(Context context) throws DoesNotExistException {
        if (context instanceof ContextImpl c && contexts.removeIf(c::sameAs)) {
            return;
        }
        throw new DoesNotExistException("removeContext: the session has no such context");
    }

    @Override
    public synchronized Context[] listContexts() {
        return contexts.stream().map(ContextImpl::copy).toArray(Context[]::new);
    }

    @Override
    public void close() {
        // nothing held: objects created in the session keep working, as the specification says
    }

    @Override
    public void close(float timeoutInSeconds) {
        close();
    }

    @Override
    public synchronized Object clone() throws CloneNotSupportedException {
        SessionImpl s = (SessionImpl) super.clone();
        s.contexts = new ArrayList<>(contexts.stream().map(ContextImpl::copy).toList());
        return s;
    }
}
