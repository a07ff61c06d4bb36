package org.ogf.saga.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The SAGA properties: which implementation the bootstrap uses ({@value #FACTORY}), and whatever else an
 * implementation reads from them. They are read, each later source overriding the earlier ones:
 * <ol>
 * <li>the hard-coded ones ({@link #getHardcodedProperties}, none set by default);</li>
 * <li>a {@value #PROPERTIES_FILENAME} resource on the class path;</li>
 * <li>a {@value #PROPERTIES_FILENAME} file in the working directory;</li>
 * <li>the file named by the system property {@value #PROPERTIES_FILE};</li>
 * <li>the system properties.</li>
 * </ol>
 * The files are read once per JVM; the system properties on every call, so a {@code System.setProperty} made
 * after the first SAGA call still counts.
 */
public final class SagaProperties {
    /** The name of the properties file looked for on the class path and in the working directory. */
    public static final String PROPERTIES_FILENAME = "saga.properties";

    /** The prefix of every property this API defines. */
    public static final String PREFIX = "saga.";

    /** The property naming the {@link SagaFactory} class of the implementation to use. */
    public static final String FACTORY = PREFIX + "factory";

    /** The system property naming one more properties file to read. */
    public static final String PROPERTIES_FILE = PREFIX + "properties.file";

    private static Properties fromFiles;

    private SagaProperties() {
    }

    /** The hard-coded defaults: none of the properties has one, so this is empty. */
    public static Properties getHardcodedProperties() {
        return new Properties();
    }

    /** Each property this API defines, with what it is for. */
    public static Map<String, String> getDescriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(FACTORY, "the class name of the SagaFactory of the SAGA implementation to use");
        d.put(PROPERTIES_FILE, "a properties file to read after " + PROPERTIES_FILENAME);
        return d;
    }

    /**
     * The properties from all sources (see the class comment), as the defaults of a new {@link Properties}: a
     * caller may set its own on the result without changing anyone else's.
     *
     * @throws UncheckedIOException a file that exists cannot be read, or the file named by
     *                              {@value #PROPERTIES_FILE} does not exist (a misconfiguration is reported,
     *                              not ignored)
     */
    public static Properties getDefaultProperties() {
        Properties all = new Properties();
        all.putAll(files());
        Properties system = System.getProperties();
        for (String name : system.stringPropertyNames()) {
            all.setProperty(name, system.getProperty(name));
        }
        return new Properties(all);
    }

    /** The value of {@value #FACTORY} from the sources of the class comment, or null; cheaper than all properties. */
    static String factory() {
        String f = System.getProperty(FACTORY);
        return f != null ? f : files().getProperty(FACTORY);
    }

    /** Makes the next call read the files again (for tests that write them). */
    static synchronized void forget() {
        fromFiles = null;
    }

    private static synchronized Properties files() {
        if (fromFiles == null) {
            Properties p = getHardcodedProperties();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = SagaProperties.class.getClassLoader();
            }
            try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(PROPERTIES_FILENAME)
                    : loader.getResourceAsStream(PROPERTIES_FILENAME)) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + PROPERTIES_FILENAME + " from the class path", e);
            }
            load(p, Path.of(PROPERTIES_FILENAME), false);
            String named = System.getProperty(PROPERTIES_FILE);
            if (named != null) {
                load(p, Path.of(named), true);
            }
            fromFiles = p;
        }
        return fromFiles;
    }

    private static void load(Properties p, Path file, boolean required) {
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            if (required) {
                throw new UncheckedIOException("the properties file " + file + " named by -D" + PROPERTIES_FILE
                        + " does not exist", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file.toAbsolutePath(), e);
        }
    }
}
