package org.ogf.saga.sd;

import java.util.Set;
import org.ogf.saga.SagaObject;
import org.ogf.saga.attributes.Attributes;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.TimeoutException;

/**
 * A discovered service (GFD.144, service discovery, shipped with the Java binding): its attributes, its URL, its
 * service data and the services related to it.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface ServiceDescription extends SagaObject, Attributes {
    String CAPABILITIES = "Capabilities";
    String IMPLEMENTATION_VERSION = "ImplementationVersion";
    String IMPLEMENTOR = "Implementor";
    String INFORMATION_SERVICE_URL = "InformationServiceUrl";
    String INTERFACE_VERSION = "InterfaceVersion";
    String NAME = "Name";
    String RELATED_SERVICES = "RelatedServices";
    String SITE = "Site";
    String TYPE = "Type";
    String UID = "Uid";
    String URL = "Url";

    ServiceData getData();
    Set<ServiceDescription> getRelatedServices() throws
            AuthenticationFailedException, AuthorizationFailedException, NoSuccessException, TimeoutException;
    String getUrl();
}
