/**
 * Ordered schema migrations, applied in one transaction and tracked by `user_version`.
 * Never edit an applied migration: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: the whole first schema */ `
  CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    site TEXT,
    notes TEXT,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    read_only INTEGER NOT NULL DEFAULT 0,
    source TEXT
  ) STRICT;

  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  CREATE TABLE chargers (
    id TEXT PRIMARY KEY,
    registration TEXT,
    ever_accepted INTEGER NOT NULL DEFAULT 0,
    boot TEXT,
    boot_at TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT,
    password_hash TEXT,
    local_list_version INTEGER NOT NULL DEFAULT 0,
    local_list_updated_at TEXT
  ) STRICT;

  CREATE TABLE connectors (
    charger_id TEXT NOT NULL,
    connector_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT NOT NULL,
    info TEXT,
    vendor_error_code TEXT,
    timestamp TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (charger_id, connector_id)
  ) STRICT;

  CREATE TABLE frames (
    seq INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    charger_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    message_type TEXT,
    message_id TEXT,
    action TEXT,
    payload TEXT,
    raw TEXT NOT NULL,
    at TEXT NOT NULL,
    latency_ms REAL,
    valid INTEGER NOT NULL,
    issues TEXT,
    call_seq INTEGER,
    error_code TEXT
  ) STRICT;
  CREATE INDEX frames_session_seq ON frames (session_id, seq);
  CREATE INDEX frames_charger_seq ON frames (session_id, charger_id, seq);

  CREATE TABLE status_history (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    seq INTEGER,
    charger_id TEXT NOT NULL,
    connector_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT NOT NULL,
    timestamp TEXT,
    at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX status_history_charger ON status_history (charger_id, connector_id, id);

  CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    charger_id TEXT NOT NULL,
    seq INTEGER,
    severity TEXT NOT NULL,
    rule TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX findings_session ON findings (session_id, charger_id, id);

  CREATE TABLE connection_events (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    charger_id TEXT,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    remote_address TEXT,
    path TEXT,
    subprotocols TEXT,
    reason TEXT NOT NULL,
    code INTEGER
  ) STRICT;
  CREATE INDEX connection_events_session ON connection_events (session_id, id);

  CREATE TABLE transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL,
    charger_id TEXT NOT NULL,
    connector_id INTEGER NOT NULL,
    id_tag TEXT NOT NULL,
    id_tag_status TEXT NOT NULL,
    meter_start INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    meter_stop INTEGER,
    stopped_at TEXT,
    reason TEXT,
    reservation_id INTEGER,
    stop_id_tag TEXT,
    start_seq INTEGER,
    stop_seq INTEGER,
    last_energy_wh REAL
  ) STRICT;
  CREATE INDEX transactions_open ON transactions (charger_id, stopped_at);
  CREATE INDEX transactions_session ON transactions (session_id, id);

  CREATE TABLE meter_values (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    charger_id TEXT NOT NULL,
    connector_id INTEGER NOT NULL,
    transaction_id INTEGER,
    timestamp TEXT NOT NULL,
    value TEXT NOT NULL,
    measurand TEXT NOT NULL,
    unit TEXT,
    phase TEXT,
    context TEXT,
    location TEXT,
    format TEXT
  ) STRICT;
  CREATE INDEX meter_values_tx ON meter_values (transaction_id, id);
  CREATE INDEX meter_values_session ON meter_values (session_id, charger_id, id);

  CREATE TABLE idtags (
    id_tag TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    expiry_date TEXT,
    parent_id_tag TEXT,
    updated_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE local_list (
    charger_id TEXT NOT NULL,
    id_tag TEXT NOT NULL,
    id_tag_info TEXT,
    PRIMARY KEY (charger_id, id_tag)
  ) STRICT;

  CREATE TABLE reservations (
    charger_id TEXT NOT NULL,
    reservation_id INTEGER NOT NULL,
    connector_id INTEGER NOT NULL,
    id_tag TEXT NOT NULL,
    parent_id_tag TEXT,
    expiry_date TEXT NOT NULL,
    state TEXT NOT NULL,
    transaction_id INTEGER,
    created_at TEXT NOT NULL,
    PRIMARY KEY (charger_id, reservation_id)
  ) STRICT;

  CREATE TABLE charging_profiles (
    charger_id TEXT NOT NULL,
    charging_profile_id INTEGER NOT NULL,
    connector_id INTEGER NOT NULL,
    stack_level INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    transaction_id INTEGER,
    profile TEXT NOT NULL,
    installed_at TEXT NOT NULL,
    PRIMARY KEY (charger_id, charging_profile_id)
  ) STRICT;

  CREATE TABLE configuration (
    charger_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT,
    readonly INTEGER,
    unknown INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    last_change TEXT,
    PRIMARY KEY (charger_id, key)
  ) STRICT;

  CREATE TABLE commands (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    charger_id TEXT NOT NULL,
    action TEXT NOT NULL,
    request TEXT NOT NULL,
    state TEXT NOT NULL,
    response TEXT,
    error TEXT,
    message_id TEXT,
    created_at TEXT NOT NULL,
    answered_at TEXT,
    latency_ms REAL
  ) STRICT;
  CREATE INDEX commands_session ON commands (session_id, charger_id, id);

  CREATE TABLE firmware (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    added_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE transfers (
    id TEXT PRIMARY KEY,
    session_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    charger_id TEXT NOT NULL,
    protocol TEXT NOT NULL,
    location TEXT NOT NULL,
    secret TEXT NOT NULL,
    firmware_id TEXT,
    bytes INTEGER NOT NULL DEFAULT 0,
    total_bytes INTEGER,
    state TEXT NOT NULL,
    file_name TEXT,
    file_path TEXT,
    statuses TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    error TEXT
  ) STRICT;
  CREATE INDEX transfers_charger ON transfers (charger_id, created_at);
  `,
  /* 2: re-opened and imported sessions (main/logs): where each came from, and the state of its chargers at export,
        which the per-identity tables (chargers, connectors, configuration, ...) cannot hold beside the live ones */ `
  CREATE TABLE recordings (
    session_id INTEGER PRIMARY KEY,
    format TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT,
    imported_at TEXT NOT NULL,
    frames INTEGER NOT NULL,
    skipped_lines INTEGER NOT NULL DEFAULT 0,
    meta TEXT NOT NULL DEFAULT '{}',
    snapshot TEXT NOT NULL DEFAULT '{}'
  ) STRICT;
  CREATE INDEX recordings_sha256 ON recordings (sha256);
  `,
  /* 3: StartTransaction looks up the idTag's open transaction (ConcurrentTx); without this it scanned them all */ `
  CREATE INDEX transactions_open_tag ON transactions (id_tag) WHERE stopped_at IS NULL;
  `,
  /* 4: indexes that new rows extend at their end (main/store/blocks.ts). Led by the charger or the transaction,
        every charger's new entry sat on its own page and each group commit rewrote ~1 page per charger and index:
        17 KB written and ~60 µs of CPU per message at 100 chargers. Led by the block of 1,024 seqs, a commit
        touches a few pages. session_id at the end lets a session's filter be read from the index. Open
        transactions are few: a partial index keeps only them (it had one entry per transaction ever). */ `
  DROP INDEX frames_charger_seq;
  CREATE INDEX frames_block ON frames ((seq >> 10), charger_id, session_id);
  DROP INDEX meter_values_tx;
  DROP INDEX meter_values_session;
  CREATE INDEX meter_values_block ON meter_values ((seq >> 10), charger_id, transaction_id, session_id);
  DROP INDEX transactions_open;
  CREATE INDEX transactions_open ON transactions (charger_id, connector_id) WHERE stopped_at IS NULL;
  `,
  /* 5: the security profile a charger accepted (ChangeConfiguration SecurityProfile, security whitepaper §2):
        connections below it are refused (OCTT TC_083); NULL when never set through ChargeScope */ `
  ALTER TABLE chargers ADD COLUMN security_profile INTEGER;
  `,
  /* 6: charger test runs and the commissioning report's cover (main/commissioning), per session so an export carries
        them; evidence seqs live in `body` as distances from base_seq, which a re-open remaps like every _seq column */ `
  CREATE TABLE test_runs (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    charger_id TEXT NOT NULL,
    state TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    params TEXT NOT NULL DEFAULT '{}',
    base_seq INTEGER,
    body TEXT NOT NULL DEFAULT '{}'
  ) STRICT;
  CREATE INDEX test_runs_session ON test_runs (session_id, charger_id);
  CREATE TABLE report_notes (
    session_id INTEGER NOT NULL,
    charger_id TEXT NOT NULL,
    engineer TEXT NOT NULL DEFAULT '',
    site TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, charger_id)
  ) STRICT;
  `,
  /* 7: a transaction that a new start on its connector superseded (never stopped by the charger) names its successor;
        closed at the new start, it never counts as open again (DESIGN "OCPP endpoint", transactions) */ `
  ALTER TABLE transactions ADD COLUMN superseded_by INTEGER;
  `,
  /* 8: proxy mode (main/proxy): each charger's own back-end (the password is kept as given: it is sent to the back-end;
        not session data, so never exported), and on each frame the side a relayed frame came from and its OCPP version */ `
  CREATE TABLE upstreams (
    charger_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    password TEXT,
    fallback TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  ALTER TABLE frames ADD COLUMN relay TEXT;
  ALTER TABLE frames ADD COLUMN ocpp_version TEXT;
  `,
  /* 9: a never-booted charger pruned past the cap (site-limits.ts) takes its connection records along: found by charger */ `
  CREATE INDEX connection_events_charger ON connection_events (session_id, charger_id);
  `,
  /* 10: a frame whose log gave it no time (a foreign log import): 1, its `at` then only keeps the file's order (the time
        of the frame before it, or the import's time) and no latency is claimed for it; NULL when its time is known.
        No default to fill: adding it rewrites no row, and live inserts leave it out */ `
  ALTER TABLE frames ADD COLUMN time_unknown INTEGER;
  `,
];
