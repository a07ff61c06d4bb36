package org.ogf.saga.isn;

import java.util.List;
import java.util.Set;
import org.ogf.saga.SagaObject;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.NoSuccessException;

/**
 * Entities read from an information system (the information system navigator API, GFD.195), made by
 * {@link ISNFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface EntityDataSet extends SagaObject {
    Set<EntityData> getData();
    EntityDataSet getRelatedEntities(String filter) throws BadParameterException, NoSuccessException;
    EntityDataSet getRelatedEntities(String relatedName, String filter) throws
            BadParameterException, NoSuccessException;
    List<String> listRelatedEntityNames();
}
