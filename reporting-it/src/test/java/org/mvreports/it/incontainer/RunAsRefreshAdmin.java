package org.mvreports.it.incontainer;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.concurrent.Callable;

/** Runs test code with the refresh-admin role only, outside any transaction (as the console would). */
@Stateless
@PermitAll
@RunAs("refresh-admin")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RunAsRefreshAdmin {

    /** Work without a result. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    public <T> T call(Callable<T> work) throws Exception {
        return work.call();
    }

    public void run(Work work) throws Exception {
        work.run();
    }
}
