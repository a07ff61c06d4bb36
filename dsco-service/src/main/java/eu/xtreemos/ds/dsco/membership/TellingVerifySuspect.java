package eu.xtreemos.ds.dsco.membership;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.VERIFY_SUSPECT2;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * VERIFY_SUSPECT2 that also tells who is suspected, the moment a failure detector suspects a member (before the
 * verification, and so about one verification timeout before the view without it). A suspicion is no verdict:
 * listeners may prepare, not act. It takes VERIFY_SUSPECT2's protocol id, so its headers are VERIFY_SUSPECT2's.
 */
final class TellingVerifySuspect extends VERIFY_SUSPECT2 {
    private final Consumer<String> suspected;

    TellingVerifySuspect(Consumer<String> suspected) {
        setId(ClassConfigurator.getProtocolId(VERIFY_SUSPECT2.class));
        this.suspected = suspected;
    }

    @Override
    public Object up(Event evt) {
        if (evt.getType() == Event.SUSPECT && evt.arg() instanceof Collection<?> members) {
            for (Object m : members) {
                if (m instanceof Address a) {
                    suspected.accept(String.valueOf(a));
                }
            }
        }
        return super.up(evt);
    }
}
