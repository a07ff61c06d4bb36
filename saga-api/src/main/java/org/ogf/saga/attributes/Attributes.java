package org.ogf.saga.attributes;

import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;

/**
 * Key/value attributes of an object (GFD.90, section 3.8). A key is scalar or vector, read-only or
 * writable, and may be removable; its value is always given as a string (vectors as string arrays).
 */
public interface Attributes {
    /** The value of a true {@link #BOOL} attribute. */
    String TRUE = "True";
    /** The value of a false {@link #BOOL} attribute. */
    String FALSE = "False";

    // The attribute types of GFD.90 section 3.8, as implementations name them in their attribute descriptions.
    /** A string attribute. */
    String STRING = "String";
    /** An integer attribute. */
    String INT = "Int";
    /** One of a fixed set of string values. */
    String ENUM = "Enum";
    /** A floating-point attribute. */
    String FLOAT = "Float";
    /** {@link #TRUE} or {@link #FALSE}. */
    String BOOL = "Bool";
    /** A point in time, in seconds since the epoch. */
    String TIME = "Time";
    /** An attribute whose value carries no meaning: setting it is an event. */
    String TRIGGER = "Trigger";

    /**
     * Sets a scalar attribute.
     *
     * @throws PermissionDeniedException the attribute is read-only
     * @throws BadParameterException     the value is not valid for this attribute, or it is a vector attribute
     * @throws DoesNotExistException     no such attribute, and this object has no free-form attributes
     */
    void setAttribute(String key, String value) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, BadParameterException,
            DoesNotExistException, TimeoutException, NoSuccessException;

    /**
     * A scalar attribute's value.
     *
     * @throws DoesNotExistException   no such attribute
     * @throws IncorrectStateException it is a vector attribute
     */
    String getAttribute(String key) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, DoesNotExistException,
            TimeoutException, NoSuccessException;

    /** Sets a vector attribute; see {@link #setAttribute} for the exceptions. */
    void setVectorAttribute(String key, String[] values) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            IncorrectStateException, BadParameterException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /** A vector attribute's values (a scalar attribute gives one element). */
    String[] getVectorAttribute(String key) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, DoesNotExistException,
            TimeoutException, NoSuccessException;

    /**
     * Removes an attribute.
     *
     * @throws PermissionDeniedException the attribute is not removable
     * @throws DoesNotExistException     no such attribute
     */
    void removeAttribute(String key) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /** The keys of all attributes that have a value. */
    String[] listAttributes() throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, TimeoutException, NoSuccessException;

    /**
     * The keys matching any of the patterns ({@code *} and {@code ?} wildcards; {@code key=value} patterns
     * also match the value).
     *
     * @throws BadParameterException a pattern is empty or null
     */
    String[] findAttributes(String... patterns) throws NotImplementedException, BadParameterException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            TimeoutException, NoSuccessException;

    /** True if the attribute exists and has a value. */
    boolean existsAttribute(String key) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, TimeoutException, NoSuccessException;

    /** True if the attribute cannot be set. */
    boolean isReadOnlyAttribute(String key) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /** True if the attribute can be set. */
    boolean isWritableAttribute(String key) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /** True if the attribute can be removed. */
    boolean isRemovableAttribute(String key) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /** True if the attribute holds a vector. */
    boolean isVectorAttribute(String key) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, DoesNotExistException, TimeoutException,
            NoSuccessException;
}
