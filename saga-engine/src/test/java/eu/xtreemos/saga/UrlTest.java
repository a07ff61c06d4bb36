package eu.xtreemos.saga;

import org.junit.jupiter.api.Test;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import static org.junit.jupiter.api.Assertions.*;

class UrlTest {
    @Test
    void bracketedIpv6LiteralsParseAndPrintBack() throws Exception {
        URL u = URLFactory.createURL("ds://[fd00:5::1]:7000");
        assertEquals("ds", u.getScheme());
        assertEquals("fd00:5::1", u.getHost());
        assertEquals(7000, u.getPort());
        assertEquals("ds://[fd00:5::1]:7000", u.toString());
        URL full = URLFactory.createURL("ds://user@[fd00:5::1]:7000/demo?socket=/run/dsco/dsco.sock#x");
        assertEquals("/demo", full.getPath());
        assertEquals("socket=/run/dsco/dsco.sock", full.getQuery());
        assertEquals("x", full.getFragment());
        assertEquals("user", full.getUserInfo());
        assertEquals("ds://user@[fd00:5::1]:7000/demo?socket=/run/dsco/dsco.sock#x", full.getString());
    }

    @Test
    void settingAnIpv6HostAddsTheBrackets() throws Exception {
        URL u = URLFactory.createURL("ds://localhost:7000");
        u.setHost("::1");
        assertEquals("ds://[::1]:7000", u.toString());
        u.setHost("[fd00::2]");
        assertEquals("fd00::2", u.getHost());
    }

    @Test
    void badUrlsSayWhatIsWrong() {
        BadParameterException e = assertThrows(BadParameterException.class, () -> URLFactory.createURL("ds://fd00::1:7000"));
        assertTrue(e.getMessage().contains("brackets"), e.getMessage());
        e = assertThrows(BadParameterException.class, () -> URLFactory.createURL("ds://[fd00::zz]:7000"));
        assertTrue(e.getMessage().contains("not an IPv6 address"), e.getMessage());
        e = assertThrows(BadParameterException.class, () -> URLFactory.createURL("ds://[fd00::1]:70000"));
        assertTrue(e.getMessage().contains("port"), e.getMessage());
        assertThrows(BadParameterException.class, () -> URLFactory.createURL("ds://[fd00::1:7000"));
        assertThrows(BadParameterException.class, () -> URLFactory.createURL(null));
    }

    @Test
    void resolveAndNormalize() throws Exception {
        URL base = URLFactory.createURL("ds://[fd00::1]:7000/a/b");
        assertEquals("ds://[fd00::1]:7000/a/c", base.resolve(URLFactory.createURL("c")).toString());
        assertEquals("/a/c", URLFactory.createURL("ds://h/a/b/../c").normalize().getPath());
    }
}
