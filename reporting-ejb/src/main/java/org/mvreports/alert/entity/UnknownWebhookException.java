package org.mvreports.alert.entity;

import java.util.List;
import org.mvreports.refusal.RequestRefusedException;

/** No webhook has the id asked for (404). */
public class UnknownWebhookException extends RequestRefusedException {

    public UnknownWebhookException(long id) {
        super(Reason.NOT_FOUND, "no webhook " + id, List.of());
    }
}
