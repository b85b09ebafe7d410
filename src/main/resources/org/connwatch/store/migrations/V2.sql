-- connwatch history, schema version 2: indexes for the queries the dashboard runs often.

-- The open connections (the live table after a restart, `--open` queries) without reading the closed ones.
CREATE INDEX connections_open ON connections (last_seen) WHERE closed_at IS NULL;

-- Findings of one detector (`history --finding`, the findings page's filter).
CREATE INDEX findings_detector ON findings (detector, last_seen);
