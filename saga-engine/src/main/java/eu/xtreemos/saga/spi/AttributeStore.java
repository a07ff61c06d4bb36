package eu.xtreemos.saga.spi;

import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.PermissionDeniedException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The attributes of one object: each key is defined once (scalar or vector, read-only or writable,
 * removable or not, with an optional check of new values); values are strings. Thread-safe.
 */
public final class AttributeStore implements Cloneable {
    /** How a key behaves. */
    public record Definition(boolean vector, boolean readOnly, boolean removable, Predicate<String> check,
                             String expected) {
    }

    private Map<String, Definition> defs = new LinkedHashMap<>();
    private Map<String, String[]> values = new LinkedHashMap<>();
    private final boolean freeForm;

    /** @param freeForm whether keys that were not defined may be set (as writable, removable scalars) */
    public AttributeStore(boolean freeForm) {
        this.freeForm = freeForm;
    }

    /** Defines a key; {@code check} (may be null) vets new values, {@code expected} says what they must be. */
    public synchronized AttributeStore define(String key, boolean vector, boolean readOnly, boolean removable,
                                              Predicate<String> check, String expected, String... initial) {
        defs.put(key, new Definition(vector, readOnly, removable, check, expected));
        if (initial.length > 0) {
            values.put(key, initial.clone());
        }
        return this;
    }

    /** Sets a value whatever the key's mode (for the implementation itself, e.g. read-only attributes). */
    public synchronized void put(String key, String... value) {
        values.put(key, value.clone());
    }

    public synchronized void set(String key, String value) throws PermissionDeniedException, BadParameterException,
            DoesNotExistException {
        Definition d = writable(key);
        if (d != null && d.vector()) {
            throw new BadParameterException("attribute " + key + " is a vector attribute: use setVectorAttribute");
        }
        check(key, d, value);
        values.put(key, new String[] {value});
    }

    public synchronized void setVector(String key, String[] value) throws PermissionDeniedException,
            BadParameterException, DoesNotExistException {
        Definition d = writable(key);
        if (value == null) {
            throw new BadParameterException("attribute " + key + ": null values");
        }
        if (d != null && !d.vector()) {
            throw new BadParameterException("attribute " + key + " is a scalar attribute: use setAttribute");
        }
        for (String v : value) {
            check(key, d, v);
        }
        values.put(key, value.clone());
    }

    private Definition writable(String key) throws PermissionDeniedException, DoesNotExistException {
        Definition d = defs.get(key);
        if (d == null && !freeForm) {
            throw new DoesNotExistException("no attribute " + key + " (known: " + String.join(", ", defs.keySet()) + ")");
        }
        if (d != null && d.readOnly()) {
            throw new PermissionDeniedException("attribute " + key + " is read-only");
        }
        return d;
    }

    private static void check(String key, Definition d, String value) throws BadParameterException {
        if (value == null) {
            throw new BadParameterException("attribute " + key + ": null value");
        }
        if (d != null && d.check() != null && !d.check().test(value)) {
            throw new BadParameterException("attribute " + key + ": '" + value + "' is not " + d.expected());
        }
    }

    public synchronized String get(String key) throws DoesNotExistException, IncorrectStateException {
        String[] v = present(key);
        Definition d = defs.get(key);
        if (d != null && d.vector()) {
            throw new IncorrectStateException("attribute " + key + " is a vector attribute: use getVectorAttribute");
        }
        return v.length == 0 ? "" : v[0];
    }

    public synchronized String[] getVector(String key) throws DoesNotExistException {
        return present(key).clone();
    }

    private String[] present(String key) throws DoesNotExistException {
        String[] v = values.get(key);
        if (v == null) {
            throw new DoesNotExistException("attribute " + key + (defs.containsKey(key) ? " has no value" : " does not exist"));
        }
        return v;
    }

    public synchronized void remove(String key) throws PermissionDeniedException, DoesNotExistException {
        present(key);
        Definition d = defs.get(key);
        if (d != null && !d.removable()) {
            throw new PermissionDeniedException("attribute " + key + " cannot be removed");
        }
        values.remove(key);
    }

    public synchronized String[] list() {
        return values.keySet().toArray(new String[0]);
    }

    public synchronized String[] find(String... patterns) throws BadParameterException {
        if (patterns == null || patterns.length == 0) {
            throw new BadParameterException("findAttributes needs at least one pattern");
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String[]> e : values.entrySet()) {
            for (String p : patterns) {
                if (p == null || p.isEmpty()) {
                    throw new BadParameterException("findAttributes: empty pattern");
                }
                String[] kv = p.split("=", 2);
                boolean keyOk = glob(kv[0]).matcher(e.getKey()).matches();
                boolean valueOk = kv.length == 1 || Arrays.stream(e.getValue()).anyMatch(v -> glob(kv[1]).matcher(v).matches());
                if (keyOk && valueOk) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out.toArray(new String[0]);
    }

    private static Pattern glob(String g) {
        StringBuilder b = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(b.toString());
    }

    public synchronized boolean exists(String key) {
        return values.containsKey(key);
    }

    private Definition known(String key) throws DoesNotExistException {
        Definition d = defs.get(key);
        if (d == null && !values.containsKey(key)) {
            throw new DoesNotExistException("no attribute " + key);
        }
        return d;
    }

    public synchronized boolean isReadOnly(String key) throws DoesNotExistException {
        Definition d = known(key);
        return d != null && d.readOnly();
    }

    public synchronized boolean isRemovable(String key) throws DoesNotExistException {
        Definition d = known(key);
        return d == null || d.removable();
    }

    public synchronized boolean isVector(String key) throws DoesNotExistException {
        Definition d = known(key);
        return d != null && d.vector();
    }

    /** Key and values equal (used to compare contexts). */
    public synchronized boolean sameValues(AttributeStore other) {
        if (values.size() != other.values.size()) {
            return false;
        }
        for (Map.Entry<String, String[]> e : values.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized AttributeStore clone() {
        try {
            AttributeStore c = (AttributeStore) super.clone();
            c.defs = new LinkedHashMap<>(defs);
            c.values = new LinkedHashMap<>();
            values.forEach((k, v) -> c.values.put(k, v.clone()));
            return c;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}
