package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The correspondent node's side of RFC 6275 signalling, without sockets: answers HoTI with HoT and CoTI
 * with CoT (§9.4), checks Binding Updates with a {@link BindingUpdateVerifier} and answers with a signed
 * Binding Acknowledgement (§9.5.4), answers unknown MH types with Binding Error status 2 (§9.2), and
 * ignores the rest. The correspondent keeps no state per mobile node until a binding is accepted.
 */
public final class CorrespondentSignalling {
    private static final Logger log = LoggerFactory.getLogger(CorrespondentSignalling.class);
    private static final Inet6Address UNSPECIFIED = Fields.ipv6(new byte[16]);

    /** What one incoming header led to: the replies to send and, for a Binding Update, the verdict. */
    public record Handled(DecodeResult decoded, List<OutgoingMessage> replies, BindingVerdict verdict) {
        public Handled {
            replies = List.copyOf(replies);
        }
    }

    private final NonceTable nonces;
    private final BindingUpdateVerifier verifier;
    private final MobilityHeaderDecoder decoder = MobilityHeaderDecoder.rfc();

    public CorrespondentSignalling(NonceTable nonces, BindingCache cache) {
        this.nonces = nonces;
        this.verifier = new BindingUpdateVerifier(nonces, cache);
    }

    /**
     * Handles one Mobility Header that arrived from {@code source} at {@code destination}, its checksum
     * already checked (raw sockets of protocol 135 drop bad ones). {@code homeAddressOption} is the
     * packet's Home Address option, or null.
     */
    public Handled handle(byte[] mh, Inet6Address source, Inet6Address destination, Inet6Address homeAddressOption) {
        DecodeResult r = decoder.decodeWithoutChecksum(mh);
        if (r instanceof DecodeResult.Rejected rej) {
            if (rej.reason() == Malformation.UNKNOWN_TYPE) {
                Inet6Address home = homeAddressOption != null ? homeAddressOption : UNSPECIFIED;
                return new Handled(r, List.of(new OutgoingMessage(
                        new BindingError(BindingError.UNRECOGNIZED_MH_TYPE, home), destination, source)), null);
            }
            log.debug("discarded a Mobility Header from {}: {}", source.getHostAddress(), rej);
            return new Handled(r, List.of(), null);
        }
        DecodeResult.Decoded d = (DecodeResult.Decoded) r;
        MobilityMessage m = d.message();
        if (m instanceof HomeTestInit hoti) {
            Nonce n = nonces.current();
            long token = KeygenTokens.home(n.nodeKey(), source, n.value());
            return reply(d, new HomeTest(n.index(), hoti.homeInitCookie(), token), destination, source);
        }
        if (m instanceof CareOfTestInit coti) {
            Nonce n = nonces.current();
            long token = KeygenTokens.careOf(n.nodeKey(), source, n.value());
            return reply(d, new CareOfTest(n.index(), coti.careOfInitCookie(), token), destination, source);
        }
        if (m instanceof BindingUpdate bu) {
            return bindingUpdate(d, bu, source, destination, homeAddressOption);
        }
        return new Handled(d, List.of(), null);
    }

    private Handled bindingUpdate(DecodeResult.Decoded d, BindingUpdate bu, Inet6Address source,
                                  Inet6Address destination, Inet6Address homeAddressOption) {
        BindingAddresses a = BindingAddresses.of(bu, source, destination, homeAddressOption);
        BindingVerdict v = verifier.verify(d, a);
        BindingAcknowledgement ack = null;
        if (v instanceof BindingVerdict.Accepted ok) {
            log.debug("binding {} -> {} (sequence {}, {} units)", a.homeAddress().getHostAddress(),
                    a.careOfAddress().getHostAddress(), bu.sequence(), ok.grantedLifetimeUnits());
            if (bu.acknowledge()) {
                ack = BindingAuthenticator.sign(new BindingAcknowledgement(BindingAckStatus.ACCEPTED, bu.sequence(),
                        ok.grantedLifetimeUnits()), ok.kbm(), a.careOfAddress(), a.correspondent());
            }
        } else {
            BindingVerdict.Rejected no = (BindingVerdict.Rejected) v;
            log.warn("refused a Binding Update from {} ({}): {}", source.getHostAddress(), no.reason(), no.detail());
            if (no.status() != null) {
                int seq = no.reason() == BindingRejection.SEQUENCE_NUMBER_OUT_OF_WINDOW
                        ? no.lastAcceptedSequence() : bu.sequence();
                ack = new BindingAcknowledgement(no.status(), seq, 0);
                if (no.kbm() != null) {
                    ack = BindingAuthenticator.sign(ack, no.kbm(), a.careOfAddress(), a.correspondent());
                }
            }
        }
        // RFC 6275 §9.5.4: the acknowledgement goes back to the update's source address
        List<OutgoingMessage> replies = ack == null ? List.of() : List.of(new OutgoingMessage(ack, destination, source));
        return new Handled(d, replies, v);
    }

    private static Handled reply(DecodeResult.Decoded d, MobilityMessage m, Inet6Address from, Inet6Address to) {
        return new Handled(d, List.of(new OutgoingMessage(m, from, to)), null);
    }
}
