package org.mvreports.it.incontainer;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.Stateless;
import java.util.concurrent.Callable;

/** Runs test code with the report-viewer role, the way a signed-in business user calls the services. */
@Stateless
@PermitAll
@RunAs("report-viewer")
public class RunAsReportViewer {

    public <T> T call(Callable<T> work) throws Exception {
        return work.call();
    }
}
