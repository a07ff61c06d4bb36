package eu.xtreemos.saga.engine;

import org.ogf.saga.context.Context;
import org.ogf.saga.context.ContextFactory;

/** Contexts of any type; adaptors decide which types they use. */
final class EngineContextFactory extends ContextFactory {
    @Override
    protected Context doCreateContext(String type) {
        return new ContextImpl(type);
    }
}
