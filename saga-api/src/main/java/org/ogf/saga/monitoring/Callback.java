package org.ogf.saga.monitoring;

import org.ogf.saga.context.Context;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.NotImplementedException;

/** Called when a metric fires (GFD.90, section 3.9). */
public interface Callback {
    /**
     * Handles one firing of {@code metric} on {@code mt}.
     *
     * @param ctx the context of the party that caused the event, or null when there is none
     * @return true to stay registered, false to be removed
     * @throws AuthorizationFailedException the callback refuses the event (it stays registered)
     */
    boolean cb(Monitorable mt, Metric metric, Context ctx) throws NotImplementedException, AuthorizationFailedException;
}
