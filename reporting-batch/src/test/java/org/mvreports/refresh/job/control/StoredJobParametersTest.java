package org.mvreports.refresh.job.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StoredJobParametersTest {

    /** Stands for any class a forged column could name: it must never be instantiated. */
    static class NotAParameter implements Serializable {
        static boolean read;

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            read = true;
            in.defaultReadObject();
        }
    }

    @Test
    void readsWhatTheBatchRuntimeStores() throws IOException {
        Properties stored = new Properties();
        stored.setProperty("views", "daily_uploads,monthly_signups");
        stored.setProperty("force", "true");
        stored.setProperty("triggeredBy", "admin");
        assertEquals(Map.of("views", "daily_uploads,monthly_signups", "force", "true", "triggeredBy", "admin"),
                StoredJobParameters.decode(serialize(stored)));
    }

    @Test
    void noColumnValueMeansNoParameters() {
        assertEquals(Map.of(), StoredJobParameters.decode(null));
        assertEquals(Map.of(), StoredJobParameters.decode(new byte[0]));
    }

    @Test
    void anythingButPropertiesOfStringsIsRejectedUnread() throws IOException {
        Properties withObject = new Properties();
        withObject.put("views", new NotAParameter());
        assertThrows(IllegalArgumentException.class, () -> StoredJobParameters.decode(serialize(withObject)));
        List<Object> list = new ArrayList<>(List.of("views"));
        assertThrows(IllegalArgumentException.class, () -> StoredJobParameters.decode(serialize(list)));
        assertThrows(IllegalArgumentException.class, () -> StoredJobParameters.decode(serialize("views")));
        assertThrows(IllegalArgumentException.class, () -> StoredJobParameters.decode(new byte[] {1, 2, 3}));
        assertTrue(!NotAParameter.read, "a class outside the filter was deserialized");
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
