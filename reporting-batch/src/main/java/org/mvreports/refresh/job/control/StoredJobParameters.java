package org.mvreports.refresh.job.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the job parameters the batch runtime stores with each execution ({@code executioninstancedata.parameters}:
 * a serialized {@link Properties}). They are read from the table because the batch runtime's own API shows an
 * execution only to the component that started it (see {@link JobExecutions}).
 *
 * <p>Java deserialization runs code of whatever classes the bytes name, so the stream is filtered to exactly what a
 * {@code Properties} of strings consists of: anything else (or anything deep or large) is rejected unread.
 */
final class StoredJobParameters {

    private static final ObjectInputFilter PROPERTIES_OF_STRINGS = ObjectInputFilter.Config.createFilter(
            "maxdepth=4;maxrefs=10000;maxbytes=1000000;maxarray=10000;"
                    + "java.util.Properties;java.util.Hashtable;java.util.Map$Entry;java.lang.String;!*");

    private StoredJobParameters() {
    }

    /**
     * @param serialized the column's bytes, may be null (no parameters)
     * @return name → value, sorted by name
     * @throws IllegalArgumentException when the bytes are not a serialized {@code Properties} of strings
     */
    static Map<String, String> decode(byte[] serialized) {
        Map<String, String> parameters = new TreeMap<>();
        if (serialized == null || serialized.length == 0) {
            return parameters;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized))) {
            in.setObjectInputFilter(PROPERTIES_OF_STRINGS);
            if (!(in.readObject() instanceof Properties properties)) {
                throw new IllegalArgumentException("stored job parameters are not a Properties object");
            }
            properties.stringPropertyNames().forEach(name -> parameters.put(name, properties.getProperty(name)));
            return parameters;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("stored job parameters cannot be read: " + e, e);
        }
    }
}
