package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.StreamAdaptor;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The stream adaptors on the class path, found with {@link ServiceLoader}. */
final class StreamAdaptors {
    private StreamAdaptors() {
    }

    static List<StreamAdaptor> load() {
        List<StreamAdaptor> out = new ArrayList<>();
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        for (StreamAdaptor a : ServiceLoader.load(StreamAdaptor.class, l != null ? l : StreamAdaptors.class.getClassLoader())) {
            out.add(a);
        }
        return out;
    }
}
