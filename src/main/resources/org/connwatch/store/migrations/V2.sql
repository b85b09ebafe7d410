-- connwatch history, schema version 2: indexes for the queries the dashboard runs often.

-- The open connections (the live table after a restart, `--open` queries) without reading the closed ones.
CREATE INDEX connections_open ON connections (last_seen) WHERE closed_at IS NULL;

-- Findings of one detector (`history --finding`, the findings page's filter).
CREATE INDEX findings_detector ON findings (detector, last_seen);

-- Coarser rollups, because summing the per-minute rollup (about 5.7 M rows for 30 days of a busy host) took
-- seconds (docs/BENCHMARKS.md): the whole machine's bytes per minute (the unfiltered chart), and bytes per
-- hour per program and per remote address (the usage views over long windows).
CREATE TABLE traffic_total_minute (
  minute   INTEGER PRIMARY KEY,
  sent     INTEGER NOT NULL,
  received INTEGER NOT NULL
);
INSERT INTO traffic_total_minute SELECT minute, sum(sent), sum(received) FROM traffic_minute GROUP BY minute;

CREATE TABLE usage_hour (
  hour     INTEGER NOT NULL,
  grouping INTEGER NOT NULL,
  key      TEXT NOT NULL,
  label    TEXT NOT NULL,
  sent     INTEGER NOT NULL,
  received INTEGER NOT NULL,
  opened   INTEGER NOT NULL,
  PRIMARY KEY (hour, grouping, key)
) WITHOUT ROWID;
INSERT INTO usage_hour SELECT minute / 3600000 * 3600000, 0, program, max(executable), sum(sent), sum(received),
  sum(opened) FROM traffic_minute GROUP BY 1, 3;
INSERT INTO usage_hour SELECT minute / 3600000 * 3600000, 1, remote_ip, max(remote_name), sum(sent), sum(received),
  sum(opened) FROM traffic_minute GROUP BY 1, 3;
