package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules README shows, as an operator copies them: Prometheus's own {@code promtool} checks them, then runs
 * them on two nodes' series (every node exports the same gauges) and expects each alert once per report, with the
 * labels README promises, and none for a report that recovered. {@code promtool} comes with Debian's
 * {@code prometheus} package ({@code .ci/run} installs it).
 */
class PrometheusRulesIT {

    private static final String MARKER = "<!-- prometheus-rules: the tests run promtool on this block -->";

    @TempDir
    Path folder;

    @Test
    void theReadmesAlertRulesPassPromtoolAndFireOncePerReportOverTwoNodes() throws Exception {
        Path rules = Files.writeString(folder.resolve("mv-reports.rules.yml"), rulesFromReadme());
        assertPromtool(List.of("check", "rules", rules.toString()), "SUCCESS");

        Path test = Files.writeString(folder.resolve("mv-reports.test.yml"), """
                rule_files: [mv-reports.rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      # Stale on both nodes from minute 1; the alert waits 10 minutes.
                      - series: 'mvreports_report_stale{instance="n1:8080",mp_scope="application",view="daily_uploads"}'
                        values: '0 1x20'
                      - series: 'mvreports_report_stale{instance="n2:8080",mp_scope="application",view="daily_uploads"}'
                        values: '0 1x20'
                      # Failed, seen by both nodes, from minute 2.
                      - series: 'mvreports_report_failed{instance="n1:8080",mp_scope="application",view="monthly_signups"}'
                        values: '0 0 1x20'
                      - series: 'mvreports_report_failed{instance="n2:8080",mp_scope="application",view="monthly_signups"}'
                        values: '0 0 1x20'
                      # Failed for a minute, then recovered: no alert (it waits a minute).
                      - series: 'mvreports_report_failed{instance="n1:8080",mp_scope="application",view="results_agg"}'
                        values: '0 1 0x20'
                      - series: 'mvreports_report_failed{instance="n2:8080",mp_scope="application",view="results_agg"}'
                        values: '0 1 0x20'
                    alert_rule_test:
                      - eval_time: 5m
                        alertname: MvReportsReportStale
                        exp_alerts: []
                      - eval_time: 15m
                        alertname: MvReportsReportStale
                        exp_alerts:
                          - exp_labels: {severity: warning, view: daily_uploads}
                            exp_annotations:
                              summary: "Report daily_uploads is older than its agreed interval"
                      - eval_time: 15m
                        alertname: MvReportsRefreshFailed
                        exp_alerts:
                          - exp_labels: {severity: critical, view: monthly_signups}
                            exp_annotations:
                              summary: "The latest refresh of report monthly_signups failed; readers see its last good data"
                """);
        assertPromtool(List.of("test", "rules", test.toString()), "SUCCESS");
    }

    /** The YAML block right after README's marker. */
    private static String rulesFromReadme() throws IOException {
        String readme = Files.readString(TestStack.checkout().resolve("README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf(MARKER);
        assertTrue(marker >= 0, "README has the marked rules block");
        int start = readme.indexOf("```yaml\n", marker) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    private void assertPromtool(List<String> arguments, String expected) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertTrue(Files.isExecutable(promtool), "promtool is missing: apt-get install prometheus (.ci/run does)");
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), "promtool did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        assertTrue(output.contains(expected), output);
    }
}
