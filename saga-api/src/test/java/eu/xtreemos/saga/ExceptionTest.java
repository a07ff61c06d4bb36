package eu.xtreemos.saga;

import org.junit.jupiter.api.Test;
import org.ogf.saga.error.AlreadyExistsException;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.error.SagaIOException;
import org.ogf.saga.error.TimeoutException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ExceptionTest {
    @Test
    void exceptionsSortInTheSpecificationsOrder() {
        List<SagaException> expected = List.of(new IncorrectURLException(), new BadParameterException(),
                new AlreadyExistsException(), new DoesNotExistException(), new IncorrectStateException(),
                new PermissionDeniedException(), new AuthorizationFailedException(), new AuthenticationFailedException(),
                new SagaIOException(), new TimeoutException(), new NoSuccessException(), new NotImplementedException());
        List<SagaException> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertEquals(expected, shuffled);
    }

    @Test
    void messagesAndNestedExceptionsAreListedTopLevelFirst() {
        NoSuccessException top = new NoSuccessException("no adaptor could do it");
        top.addNestedException(new IncorrectURLException("tcp: no such host"));
        top.addNestedException(new SagaIOException("ds: reset", 104));
        assertEquals(List.of("NoSuccess: no adaptor could do it", "IncorrectURL: tcp: no such host", "SagaIO: ds: reset"),
                top.getAllMessages());
        assertEquals(3, top.getAllExceptions().size());
        assertSame(top, top.getAllExceptions().get(0));
        assertEquals(104, ((SagaIOException) top.getAllExceptions().get(2)).getPosixErrorCode());
        assertEquals("Timeout", new TimeoutException().toString());
    }
}
