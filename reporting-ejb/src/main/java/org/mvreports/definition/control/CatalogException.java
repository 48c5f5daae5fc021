package org.mvreports.definition.control;

/** PostgreSQL could not be asked about reports (it is unreachable, or the schema is not migrated). */
public class CatalogException extends RuntimeException {

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
