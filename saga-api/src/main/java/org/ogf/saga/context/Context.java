package org.ogf.saga.context;

import org.ogf.saga.SagaObject;
import org.ogf.saga.attributes.Attributes;

/**
 * Security information for adaptors (GFD.90, section 3.6), as attributes; {@value #TYPE} says which kind.
 * The Distributed Servers adaptor reads a context of type {@code "dsco"}: its {@value #SERVER} attribute
 * names the API socket of the local dsco daemon.
 */
public interface Context extends SagaObject, Attributes {
    String TYPE = "Type";
    String SERVER = "Server";
    String CERTREPOSITORY = "CertRepository";
    String USERPROXY = "UserProxy";
    String USERCERT = "UserCert";
    String USERKEY = "UserKey";
    String USERID = "UserID";
    String USERPASS = "UserPass";
    String USERVO = "UserVO";
    String LIFETIME = "LifeTime";
    String REMOTEID = "RemoteID";
    String REMOTEHOST = "RemoteHost";
    String REMOTEPORT = "RemotePort";
}
