-- connwatch history, schema version 1. Times are milliseconds since the epoch (UTC); text is stored raw
-- (cut to the store's bounds, never escaped: the views escape). One statement per ';'-terminated chunk.

-- One row per connection the monitor followed, in its latest form (written again each time it changes).
CREATE TABLE connections (
  id               INTEGER PRIMARY KEY,
  first_seen       INTEGER NOT NULL,
  last_seen        INTEGER NOT NULL,
  closed_at        INTEGER,
  observer         TEXT NOT NULL,
  transport        TEXT NOT NULL,
  state            TEXT NOT NULL,
  direction        TEXT NOT NULL,
  local_ip         TEXT NOT NULL,
  local_port       INTEGER NOT NULL,
  remote_ip        TEXT NOT NULL,
  remote_port      INTEGER NOT NULL,
  bytes_sent       INTEGER NOT NULL,
  bytes_received   INTEGER NOT NULL,
  packets_sent     INTEGER NOT NULL,
  packets_received INTEGER NOT NULL,
  pid              INTEGER,
  ppid             INTEGER,
  program          TEXT NOT NULL,
  executable       TEXT,
  exe_deleted      INTEGER,
  command_line     TEXT,
  uid              INTEGER,
  user_name        TEXT,
  process_start    INTEGER,
  sha256           TEXT,
  socket_inode     INTEGER,
  socket_uid       INTEGER,
  service          TEXT,
  remote_class     TEXT,
  remote_domain    TEXT,
  remote_name      TEXT NOT NULL,
  local_host       TEXT NOT NULL,
  flow             INTEGER NOT NULL,
  local_mac        TEXT,
  local_host_name  TEXT,
  local_vendor     TEXT,
  remote_mac       TEXT,
  remote_host_name TEXT,
  remote_vendor    TEXT,
  dns_name         TEXT,
  tls_server_name  TEXT,
  http_host        TEXT,
  tcp_flags        TEXT,
  payload_sent     INTEGER,
  payload_received INTEGER
);
CREATE INDEX connections_last_seen ON connections (last_seen);

-- Bytes one connection moved between two observations of it.
CREATE TABLE traffic (
  connection_id INTEGER NOT NULL,
  seen_at       INTEGER NOT NULL,
  sent          INTEGER NOT NULL,
  received      INTEGER NOT NULL
);
CREATE INDEX traffic_at ON traffic (seen_at);
CREATE INDEX traffic_connection ON traffic (connection_id, seen_at);

-- The traffic summed per minute, program and remote address: what the chart and the usage views read.
CREATE TABLE traffic_minute (
  minute      INTEGER NOT NULL,
  program     TEXT NOT NULL,
  remote_ip   TEXT NOT NULL,
  executable  TEXT NOT NULL,
  remote_name TEXT NOT NULL,
  sent        INTEGER NOT NULL,
  received    INTEGER NOT NULL,
  opened      INTEGER NOT NULL,
  PRIMARY KEY (minute, program, remote_ip)
) WITHOUT ROWID;

-- Findings as the monitor keeps them: raised once, updated when they recur.
CREATE TABLE findings (
  id             INTEGER PRIMARY KEY,
  finding_key    TEXT NOT NULL,
  detector       TEXT NOT NULL,
  severity       INTEGER NOT NULL,
  score          REAL NOT NULL,
  reason         TEXT NOT NULL,
  seen_at        INTEGER NOT NULL,
  first_seen     INTEGER NOT NULL,
  last_seen      INTEGER NOT NULL,
  occurrences    INTEGER NOT NULL,
  status         TEXT NOT NULL,
  note           TEXT NOT NULL,
  connection_ids TEXT NOT NULL
);
CREATE INDEX findings_last_seen ON findings (last_seen);

-- The connection records of a finding's latest occurrence (the first few, in its order), with the columns of
-- `connections` (less id and closed_at).
CREATE TABLE finding_connections (
  finding_id       INTEGER NOT NULL,
  ord              INTEGER NOT NULL,
  first_seen       INTEGER NOT NULL,
  last_seen        INTEGER NOT NULL,
  observer         TEXT NOT NULL,
  transport        TEXT NOT NULL,
  state            TEXT NOT NULL,
  direction        TEXT NOT NULL,
  local_ip         TEXT NOT NULL,
  local_port       INTEGER NOT NULL,
  remote_ip        TEXT NOT NULL,
  remote_port      INTEGER NOT NULL,
  bytes_sent       INTEGER NOT NULL,
  bytes_received   INTEGER NOT NULL,
  packets_sent     INTEGER NOT NULL,
  packets_received INTEGER NOT NULL,
  pid              INTEGER,
  ppid             INTEGER,
  program          TEXT NOT NULL,
  executable       TEXT,
  exe_deleted      INTEGER,
  command_line     TEXT,
  uid              INTEGER,
  user_name        TEXT,
  process_start    INTEGER,
  sha256           TEXT,
  socket_inode     INTEGER,
  socket_uid       INTEGER,
  service          TEXT,
  remote_class     TEXT,
  remote_domain    TEXT,
  remote_name      TEXT NOT NULL,
  local_host       TEXT NOT NULL,
  flow             INTEGER NOT NULL,
  local_mac        TEXT,
  local_host_name  TEXT,
  local_vendor     TEXT,
  remote_mac       TEXT,
  remote_host_name TEXT,
  remote_vendor    TEXT,
  dns_name         TEXT,
  tls_server_name  TEXT,
  http_host        TEXT,
  tcp_flags        TEXT,
  payload_sent     INTEGER,
  payload_received INTEGER,
  PRIMARY KEY (finding_id, ord)
) WITHOUT ROWID;

-- Counters that must outlive the rows they count (ids only grow, also after retention deleted every row).
CREATE TABLE store_meta (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO store_meta VALUES ('last_connection_id', 0), ('last_finding_id', 0);
