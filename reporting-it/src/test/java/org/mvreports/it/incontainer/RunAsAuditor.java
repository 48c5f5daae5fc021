package org.mvreports.it.incontainer;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.Stateless;
import java.util.concurrent.Callable;

/** Runs test code with the auditor role only. */
@Stateless
@PermitAll
@RunAs("auditor")
public class RunAsAuditor {

    public <T> T call(Callable<T> work) throws Exception {
        return work.call();
    }
}
