package eu.xtreemos.ds.dsco.config;

/** A configuration was refused; the message names the key and the problem. */
public class ConfigException extends Exception {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
