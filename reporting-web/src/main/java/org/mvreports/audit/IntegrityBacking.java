package org.mvreports.audit;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.mvreports.audit.boundary.AuditRecords;
import org.mvreports.history.entity.ChainHead;
import org.mvreports.history.entity.ChainVerdict;
import org.mvreports.report.ReportCells;

/**
 * The history pages' integrity check: on request (it reads every sealed row, which takes a while on a long history),
 * each record's hash chain verified from its first link, said in words, and the heads to save for a later check
 * ({@code GET /api/refresh-log/verify?head=}).
 */
@Named
@ViewScoped
public class IntegrityBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The records' names for people, by the name their chain has. */
    private static final Map<String, String> NAMES = Map.of("refresh_log", "Refresh history",
            "report_exports", "Export record", "admin_actions", "Admin actions");

    @Inject
    AuditRecords records;

    private List<ChainVerdict> verdicts;
    private List<ChainHead> heads;
    private Boolean recordsProtected;

    /** Verifies every chain now. */
    public void verify() {
        verdicts = records.verify(List.of());
        heads = records.heads();
    }

    /** Whether the application's own database role cannot change the records; read once per page. */
    public boolean isRecordsProtected() {
        if (recordsProtected == null) {
            recordsProtected = records.recordsProtected();
        }
        return recordsProtected;
    }

    public boolean isVerified() {
        return verdicts != null;
    }

    public boolean isIntact() {
        return verdicts != null && verdicts.stream().allMatch(ChainVerdict::intact);
    }

    public List<ChainVerdict> getVerdicts() {
        return verdicts;
    }

    public List<ChainHead> getHeads() {
        return heads;
    }

    /** One record's verdict in a sentence. */
    public String sentence(ChainVerdict verdict) {
        String name = NAMES.getOrDefault(verdict.record(), verdict.record());
        String waiting = verdict.pending() == 0 ? "" : " " + count(verdict.pending(), "row") + " written in the last"
                + " seconds " + (verdict.pending() == 1 ? "waits" : "wait") + " to be sealed.";
        if (verdict.intact()) {
            return name + ": intact. " + (verdict.checkedThrough() == 0 ? "Nothing is sealed yet."
                    : "Every one of the " + count(verdict.checkedThrough(), "sealed row")
                    + " is as it was sealed, and nothing was added or removed.") + waiting;
        }
        return name + ": NOT intact. " + verdict.problem().detail() + " (checked through position "
                + grouped(verdict.checkedThrough()) + ")." + waiting;
    }

    /** A head as an auditor saves it. */
    public String saved(ChainHead head) {
        return head.record() + ":" + head.asText();
    }

    private static String count(long n, String what) {
        return grouped(n) + " " + what + (n == 1 ? "" : "s");
    }

    private static String grouped(long n) {
        return ReportCells.grouped(BigDecimal.valueOf(n));
    }
}
