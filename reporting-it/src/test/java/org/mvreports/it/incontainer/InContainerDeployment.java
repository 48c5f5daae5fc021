package org.mvreports.it.incontainer;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Test WARs for in-container tests, built from the real EAR rather than from hand-listed classes: the shipped
 * {@code reporting-ejb.jar}, {@code reporting-batch.jar} (with the batch job) and the EAR's {@code lib/}
 * (Hibernate, Flyway, the driver) go into WEB-INF/lib, the test's own classes beside them. The WAR uses the server's {@code jdbc/reporting} pool, so it sees the same
 * database as the deployed EAR.
 */
public final class InContainerDeployment {

    /**
     * What the deployed EAR already does once for the node, and a test WAR must not do a second time (it would start
     * jobs, or fail this node's executions, in the middle of other tests): the start-up refresh, the scheduler's
     * timer and the stale-job watch. Tests call the logic behind them directly.
     */
    private static final List<String> NODE_SINGLETONS = List.of(
            "org.mvreports.schedule.boundary.StartupRefresh",
            "org.mvreports.schedule.boundary.ScheduledRefresh",
            "org.mvreports.refresh.job.boundary.StaleJobWatch");

    private InContainerDeployment() {
    }

    public static WebArchive withBusinessModule(String name) {
        Path ear = Path.of(System.getProperty("mvreports.distribution", "../reporting-launcher/target/dist"),
                "mv-reports.ear");
        EnterpriseArchive shipped = ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(ear.toString()));
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war");
        for (var entry : shipped.getContent().entrySet()) {
            ArchivePath path = entry.getKey();
            Node node = entry.getValue();
            String p = path.get();
            if ((p.startsWith("/lib/") && p.endsWith(".jar")) || p.equals("/reporting-ejb.jar")
                    || p.equals("/reporting-batch.jar")) {
                JavaArchive library = ShrinkWrap.create(JavaArchive.class, p.substring(p.lastIndexOf('/') + 1))
                        .as(org.jboss.shrinkwrap.api.importer.ZipImporter.class)
                        .importFrom(node.getAsset().openStream())
                        .as(JavaArchive.class);
                NODE_SINGLETONS.forEach(singleton -> library.delete(singleton.replace('.', '/') + ".class"));
                war.addAsLibrary(library);
            }
        }
        return war
                .addClasses(RunAsReportViewer.class, RunAsAuditor.class, RunAsRefreshAdmin.class,
                        InContainerDeployment.class, TestDatabase.class, org.mvreports.it.Await.class)
                .addAsWebInfResource(new StringAsset(ROLE_MAPPING), "glassfish-web.xml")
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\""
                        + " version=\"4.0\" bean-discovery-mode=\"annotated\"/>"), "beans.xml");
    }

    /** Same group-to-role mapping as the EAR, plus principals for the run-as helpers. */
    private static final String ROLE_MAPPING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN"
                    "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
            <glassfish-web-app>
                <security-role-mapping>
                    <role-name>report-viewer</role-name>
                    <principal-name>it-viewer</principal-name>
                    <group-name>report-viewer</group-name>
                </security-role-mapping>
                <security-role-mapping>
                    <role-name>refresh-admin</role-name>
                    <principal-name>it-admin</principal-name>
                    <group-name>refresh-admin</group-name>
                </security-role-mapping>
                <security-role-mapping>
                    <role-name>auditor</role-name>
                    <principal-name>it-auditor</principal-name>
                    <group-name>auditor</group-name>
                </security-role-mapping>
            </glassfish-web-app>
            """;
}
