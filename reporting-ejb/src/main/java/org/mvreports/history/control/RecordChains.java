package org.mvreports.history.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.mvreports.history.entity.ChainHead;
import org.mvreports.history.entity.ChainVerdict;
import org.mvreports.history.entity.ChainVerdict.Kind;
import org.mvreports.history.entity.ChainVerdict.Problem;

/**
 * The hash chains over the three records (migration V22, docs/integrity.md): the only code that seals them, reads
 * their heads and verifies them. Sealing is PostgreSQL's ({@code app.seal_records()}, one sealer at a time, in
 * commit order); verifying is done here, in Java, from each row's canonical form as PostgreSQL writes it now, so that
 * a chain is checked by code other than the code that wrote it.
 */
public final class RecordChains {

    /** The records, by the name their chain has. */
    public static final List<String> RECORDS = List.of("refresh_log", "report_exports", "admin_actions");

    /** The hash before the first link. */
    static final String GENESIS = "0".repeat(64);

    /** Links read at a time while verifying. */
    private static final int FETCH_SIZE = 5_000;

    private RecordChains() {
    }

    /** The most rows of each record one sealing transaction takes: transactions stay short, the lock too. */
    public static final int BATCH = 10_000;

    /**
     * Seals up to {@link #BATCH} committed rows of each record not sealed yet; {@code connection} must be in a READ
     * COMMITTED transaction of its own, which the caller commits, and calls again while this returns {@link #BATCH}
     * or more.
     *
     * @return how many rows were sealed
     */
    public static int seal(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT app.seal_records(?)")) {
            statement.setInt(1, BATCH);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Whether the role the application signs in as cannot change the records behind its own back: it owns neither
     * the records, their chains nor their schema and holds no UPDATE, DELETE or TRUNCATE on them (two database
     * roles, docs/integrity.md). False with one role, or when signed in as a superuser.
     */
    public static boolean recordsProtected(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT app.records_protected()");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Each record's last sealed link, and how many of its rows wait to be sealed. */
    public static List<ChainHead> heads(Connection connection) throws SQLException {
        List<ChainHead> heads = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT last.position, last.hash, last.sealed_at,
                       (SELECT count(*) FROM app.record_unsealed u WHERE u.record = chain.record)
                FROM unnest(CAST(? AS text[])) AS chain(record)
                LEFT JOIN LATERAL (SELECT c.position, c.hash, c.sealed_at
                                   FROM app.record_chain c
                                   WHERE c.record = chain.record
                                   ORDER BY c.position DESC
                                   LIMIT 1) last ON true
                ORDER BY array_position(CAST(? AS text[]), chain.record)""")) {
            query.setArray(1, connection.createArrayOf("text", RECORDS.toArray()));
            query.setArray(2, connection.createArrayOf("text", RECORDS.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    OffsetDateTime sealedAt = rs.getObject(3, OffsetDateTime.class);
                    heads.add(new ChainHead(RECORDS.get(i++), rs.getLong(1), rs.getString(2) == null ? GENESIS
                            : rs.getString(2), sealedAt == null ? null : sealedAt.toInstant(), rs.getLong(4)));
                }
            }
        }
        return heads;
    }

    /**
     * Verifies {@code record}'s chain from its first link: each link follows the one before (position and
     * predecessor), each row's content as it is now gives the link's hash, and no row is outside the chain that
     * should be in it. {@code connection} must be in a transaction (the links are read with a cursor).
     *
     * @param savedHead a head an auditor saved earlier, {@code position} and {@code hash}; null for none
     */
    public static ChainVerdict verify(Connection connection, String record, ChainHead savedHead)
            throws SQLException {
        if (!RECORDS.contains(record)) {
            throw new IllegalArgumentException("not a record with a chain: " + record);
        }
        MessageDigest sha256 = sha256();
        long checked = 0;
        String previous = GENESIS;
        Boolean headContained = savedHead == null ? null : savedHead.position() == 0 ? Boolean.TRUE : null;
        Problem problem = null;
        try (PreparedStatement links = connection.prepareStatement(
                "SELECT chain_position, row_id, previous, hash, canonical FROM app.chain_links(?)")) {
            links.setFetchSize(FETCH_SIZE);
            links.setString(1, record);
            try (ResultSet rs = links.executeQuery()) {
                while (rs.next()) {
                    long position = rs.getLong(1);
                    long rowId = rs.getLong(2);
                    String hash = rs.getString(4);
                    String canonical = rs.getString(5);
                    if (position != checked + 1 || !previous.equals(rs.getString(3))) {
                        problem = new Problem(Kind.LINK_BROKEN, rowId, position, position != checked + 1
                                ? "the link after position " + checked + " is at position " + position
                                : "the link at position " + position + " does not follow the one before it");
                        break;
                    }
                    if (canonical == null) {
                        problem = new Problem(Kind.ROW_MISSING, rowId, position, "row " + rowId + ", sealed at"
                                + " position " + position + ", is gone");
                        break;
                    }
                    if (!hash.equals(hash(sha256, previous, position, record, canonical))) {
                        problem = new Problem(Kind.CONTENT_CHANGED, rowId, position, "row " + rowId
                                + " differs from what was sealed at position " + position);
                        break;
                    }
                    if (savedHead != null && position == savedHead.position()) {
                        headContained = hash.equals(savedHead.hash());
                    }
                    previous = hash;
                    checked = position;
                }
            }
        }
        if (problem == null) {
            problem = stray(connection, record);
        }
        if (problem == null && savedHead != null && !Boolean.TRUE.equals(headContained)) {
            headContained = false;
            problem = new Problem(Kind.HEAD_NOT_CONTAINED, null, savedHead.position(), savedHead.position() > checked
                    ? "the chain has no link at position " + savedHead.position() + " (it ends at " + checked + ")"
                    : "the link at position " + savedHead.position() + " is not the head saved ("
                    + savedHead.hash() + "): the chain was rewritten since");
        }
        long pending;
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM app.record_unsealed WHERE record = ?")) {
            count.setString(1, record);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                pending = rs.getLong(1);
            }
        }
        return new ChainVerdict(record, problem == null, checked, pending, problem, headContained);
    }

    /** The first row that is outside the chain and should not be, as a problem; null when there is none. */
    private static Problem stray(Connection connection, String record) throws SQLException {
        try (PreparedStatement strays = connection.prepareStatement(
                "SELECT row_id, kind FROM app.chain_strays(?) LIMIT 1")) {
            strays.setString(1, record);
            try (ResultSet rs = strays.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long rowId = rs.getLong(1);
                return rs.getString(2).equals("MISSING")
                        ? new Problem(Kind.ROW_MISSING, rowId, null, "row " + rowId + " was written and is gone"
                        + " before it was sealed")
                        : new Problem(Kind.ROW_SLIPPED_IN, rowId, null, "row " + rowId + " is in the record but was"
                        + " never sealed nor waits to be: it was written past the application");
            }
        }
    }

    /** A link's hash, as {@code app.chain_hash} computes it. */
    static String hash(MessageDigest sha256, String previous, long position, String record, String canonical) {
        sha256.reset();
        byte[] digest = sha256.digest((previous + "\n" + position + "\n" + record + "\n" + canonical)
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
