package org.ogf.saga.bootstrap;

import eu.xtreemos.saga.engine.EngineSagaFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.url.URLFactory;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which implementation the bootstrap uses: the {@value SagaProperties#FACTORY} property, from a properties file
 * or the system properties, before the single ServiceLoader provider; two providers and no property is an error
 * that names them, never a silent pick.
 */
class BootstrapOrderTest {
    @AfterEach
    void restore() {
        System.clearProperty(SagaProperties.FACTORY);
        System.clearProperty(SagaProperties.PROPERTIES_FILE);
        SagaProperties.forget();
    }

    @Test
    void withNothingNamedTheOnlyProviderOnTheClassPathIsUsed() throws Exception {
        assertNotNull(URLFactory.createURL("ds://[::1]:7"), "saga-engine declares its EngineSagaFactory as the one provider");
    }

    @Test
    void aPropertiesFileNamesTheFactoryAndTheSystemPropertyOverridesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.properties");
        Files.writeString(file, SagaProperties.FACTORY + "=no.such.FromFile\nsaga.other=x\n");
        System.setProperty(SagaProperties.PROPERTIES_FILE, file.toString());
        SagaProperties.forget();
        assertEquals("x", SagaProperties.getDefaultProperties().getProperty("saga.other"));
        NoSuccessException e = assertThrows(NoSuccessException.class, () -> SessionFactory.createSession(false));
        assertTrue(e.getMessage().contains("no.such.FromFile") && e.getMessage().contains(SagaProperties.FACTORY), e.getMessage());

        System.setProperty(SagaProperties.FACTORY, EngineSagaFactory.class.getName());
        assertNotNull(SessionFactory.createSession(false), "the system property wins over the file");
    }

    @Test
    void aMissingFileNamedBySagaPropertiesFileIsReportedNotIgnored(@TempDir Path dir) {
        System.setProperty(SagaProperties.PROPERTIES_FILE, dir.resolve("absent.properties").toString());
        SagaProperties.forget();
        NoSuccessException e = assertThrows(NoSuccessException.class, () -> SessionFactory.createSession(false));
        assertTrue(e.getMessage().contains("absent.properties"), e.getMessage());
    }

    @Test
    void twoProvidersAndNoPropertyIsAnErrorNamingBoth(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(SagaFactory.class.getName()), AnotherSagaFactory.class.getName() + "\n");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader l = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Thread.currentThread().setContextClassLoader(l);
            NoSuccessException e = assertThrows(NoSuccessException.class, () -> URLFactory.createURL("ds://[::1]:7"));
            assertTrue(e.getMessage().contains(AnotherSagaFactory.class.getName())
                    && e.getMessage().contains(EngineSagaFactory.class.getName()), e.getMessage());

            System.setProperty(SagaProperties.FACTORY, EngineSagaFactory.class.getName());
            assertNotNull(URLFactory.createURL("ds://[::1]:7"), "naming one settles it");
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }
}
