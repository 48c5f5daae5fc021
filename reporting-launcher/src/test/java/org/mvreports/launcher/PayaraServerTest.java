package org.mvreports.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PayaraServerTest {

    @Test
    void anEarlierDeploymentIsRemovedFromTheDomainAndNothingElse() {
        String domain = """
                <domain>
                  <servers>
                    <server name="server" config-ref="server-config">
                      <application-ref ref="__admingui" virtual-servers="__asadmin"></application-ref>
                      <application-ref ref="mv-reports" virtual-servers="server"></application-ref>
                      <resource-ref ref="jdbc/reporting"></resource-ref>
                    </server>
                  </servers>
                  <applications>
                    <application object-type="user" name="mv-reports" location="x">
                      <property name="defaultAppName" value="mv-reports"></property>
                      <module name="reporting-web.war">
                        <engine sniffer="web"></engine>
                      </module>
                    </application>
                    <application object-type="user" name="mv-reports-2" location="y"></application>
                  </applications>
                </domain>
                """;
        assertEquals("""
                <domain>
                  <servers>
                    <server name="server" config-ref="server-config">
                      <application-ref ref="__admingui" virtual-servers="__asadmin"></application-ref>
                      <resource-ref ref="jdbc/reporting"></resource-ref>
                    </server>
                  </servers>
                  <applications>
                    <application object-type="user" name="mv-reports-2" location="y"></application>
                  </applications>
                </domain>
                """, PayaraServer.withoutApplication(domain, "mv-reports"));
        String none = "<domain><applications></applications></domain>";
        assertEquals(none, PayaraServer.withoutApplication(none, "mv-reports"));
    }
}
