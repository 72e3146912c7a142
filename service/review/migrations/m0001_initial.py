"""Version 1: the tables as the first release created them (kept verbatim, never edited).

Every statement is ``IF NOT EXISTS`` / ``OR REPLACE``: a database that the first
release created but did not get to stamp with its version is brought to version 1
without harm.
"""

from __future__ import annotations

NAME = "initial"

SQLITE: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS cases (
        case_id TEXT PRIMARY KEY,
        subject_ref TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        suspected_participant_id TEXT NOT NULL,
        partner_participant_id TEXT NOT NULL,
        indicators TEXT NOT NULL,
        score REAL NOT NULL,
        threshold REAL NOT NULL,
        model_version TEXT NOT NULL,
        opened_model_version TEXT NOT NULL,
        opened_threshold REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'in_review', 'confirmed', 'reported')),
        created_at TEXT NOT NULL,
        flagged_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        claimed_by TEXT,
        lease_expires_at TEXT,
        decided_by TEXT,
        decided_at TEXT,
        reason_code TEXT,
        reported_to TEXT,
        reported_by TEXT,
        reported_at TEXT,
        report_reason_code TEXT
    )""",
    "CREATE UNIQUE INDEX IF NOT EXISTS cases_one_active ON cases "
    "(conversation_id, suspected_participant_id) WHERE status IN ('open', 'in_review')",
    "CREATE INDEX IF NOT EXISTS cases_by_created ON cases (created_at, case_id)",
    "CREATE INDEX IF NOT EXISTS cases_by_status ON cases (status, created_at, case_id)",
    "CREATE INDEX IF NOT EXISTS cases_by_expiry ON cases (expires_at)",
    """CREATE TABLE IF NOT EXISTS complaints (
        complaint_id TEXT PRIMARY KEY,
        subject_kind TEXT NOT NULL,
        subject_ref TEXT NOT NULL,
        channel TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        status TEXT NOT NULL,
        filed_at TEXT NOT NULL,
        model_version TEXT NOT NULL,
        threshold REAL NOT NULL,
        case_status TEXT,
        resolved_at TEXT,
        resolved_by TEXT,
        resolution_reason_code TEXT,
        overturned INTEGER NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS complaints_by_filed ON complaints (filed_at, complaint_id)",
    "CREATE INDEX IF NOT EXISTS complaints_by_status ON complaints "
    "(status, filed_at, complaint_id)",
    """CREATE TABLE IF NOT EXISTS counters (
        model_version TEXT NOT NULL,
        threshold REAL NOT NULL,
        day TEXT NOT NULL,
        name TEXT NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (model_version, threshold, day, name)
    )""",
    "CREATE INDEX IF NOT EXISTS counters_by_day ON counters (day)",
    """CREATE TABLE IF NOT EXISTS audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_ref TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        details TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS audit_by_subject ON audit (subject_ref, seq)",
    "CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at, seq)",
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
)

POSTGRES: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS cases (
        case_id TEXT PRIMARY KEY,
        subject_ref TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        suspected_participant_id TEXT NOT NULL,
        partner_participant_id TEXT NOT NULL,
        indicators TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        threshold DOUBLE PRECISION NOT NULL,
        model_version TEXT NOT NULL,
        opened_model_version TEXT NOT NULL,
        opened_threshold DOUBLE PRECISION NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'in_review', 'confirmed', 'reported')),
        created_at TIMESTAMPTZ NOT NULL,
        flagged_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        claimed_by TEXT,
        lease_expires_at TIMESTAMPTZ,
        decided_by TEXT,
        decided_at TIMESTAMPTZ,
        reason_code TEXT,
        reported_to TEXT,
        reported_by TEXT,
        reported_at TIMESTAMPTZ,
        report_reason_code TEXT
    )""",
    "CREATE UNIQUE INDEX IF NOT EXISTS cases_one_active ON cases "
    "(conversation_id, suspected_participant_id) WHERE status IN ('open', 'in_review')",
    "CREATE INDEX IF NOT EXISTS cases_by_created ON cases (created_at, case_id)",
    "CREATE INDEX IF NOT EXISTS cases_by_status ON cases (status, created_at, case_id)",
    "CREATE INDEX IF NOT EXISTS cases_by_expiry ON cases (expires_at)",
    """CREATE TABLE IF NOT EXISTS complaints (
        complaint_id TEXT PRIMARY KEY,
        subject_kind TEXT NOT NULL,
        subject_ref TEXT NOT NULL,
        channel TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        status TEXT NOT NULL,
        filed_at TIMESTAMPTZ NOT NULL,
        model_version TEXT NOT NULL,
        threshold DOUBLE PRECISION NOT NULL,
        case_status TEXT,
        resolved_at TIMESTAMPTZ,
        resolved_by TEXT,
        resolution_reason_code TEXT,
        overturned SMALLINT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS complaints_by_filed ON complaints (filed_at, complaint_id)",
    "CREATE INDEX IF NOT EXISTS complaints_by_status ON complaints "
    "(status, filed_at, complaint_id)",
    """CREATE TABLE IF NOT EXISTS counters (
        model_version TEXT NOT NULL,
        threshold DOUBLE PRECISION NOT NULL,
        day TEXT NOT NULL,
        name TEXT NOT NULL,
        value BIGINT NOT NULL,
        PRIMARY KEY (model_version, threshold, day, name)
    )""",
    "CREATE INDEX IF NOT EXISTS counters_by_day ON counters (day)",
    """CREATE TABLE IF NOT EXISTS audit (
        seq BIGSERIAL PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_ref TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        details TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS audit_by_subject ON audit (subject_ref, seq)",
    "CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at, seq)",
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit log is append-only';
        END
        $$""",
    """CREATE OR REPLACE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
    """CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""",
)
