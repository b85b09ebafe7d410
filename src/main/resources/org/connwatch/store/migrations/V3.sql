-- connwatch history, schema version 3: a trigram index over the text the connection queries search.

-- Per connection (rowid = connections.id) the text of its program, local-host and remote criteria, indexed in
-- trigrams (case folded), so "contains" of 3 or more characters finds the ids without reading every row
-- (docs/BENCHMARKS.md, "Text lookups"). Contentless: it keeps only the index, the text stays in `connections`,
-- whose LIKE still decides (the index only narrows). The triggers keep it in step with `connections`: written
-- when a connection is first inserted, rewritten only when its text changed, deleted with its row.
CREATE VIRTUAL TABLE connection_text USING fts5(
  program, executable,
  local_host, local_ip, local_mac, local_host_name,
  remote_ip, remote_name, remote_domain, dns_name, tls_server_name, http_host, remote_host_name, remote_mac,
  content = '', contentless_delete = 1, tokenize = 'trigram'
);

INSERT INTO connection_text (rowid, program, executable, local_host, local_ip, local_mac, local_host_name, remote_ip,
    remote_name, remote_domain, dns_name, tls_server_name, http_host, remote_host_name, remote_mac)
  SELECT id, program, executable, local_host, local_ip, local_mac, local_host_name, remote_ip, remote_name,
    remote_domain, dns_name, tls_server_name, http_host, remote_host_name, remote_mac FROM connections;

CREATE TRIGGER connection_text_insert AFTER INSERT ON connections BEGIN
  INSERT INTO connection_text (rowid, program, executable, local_host, local_ip, local_mac, local_host_name,
      remote_ip, remote_name, remote_domain, dns_name, tls_server_name, http_host, remote_host_name, remote_mac)
    VALUES (new.id, new.program, new.executable, new.local_host, new.local_ip, new.local_mac, new.local_host_name,
      new.remote_ip, new.remote_name, new.remote_domain, new.dns_name, new.tls_server_name, new.http_host,
      new.remote_host_name, new.remote_mac);
END;

CREATE TRIGGER connection_text_update AFTER UPDATE ON connections
  WHEN old.id IS NOT new.id OR old.program IS NOT new.program OR old.executable IS NOT new.executable
    OR old.local_host IS NOT new.local_host OR old.local_ip IS NOT new.local_ip OR old.local_mac IS NOT new.local_mac
    OR old.local_host_name IS NOT new.local_host_name OR old.remote_ip IS NOT new.remote_ip
    OR old.remote_name IS NOT new.remote_name OR old.remote_domain IS NOT new.remote_domain
    OR old.dns_name IS NOT new.dns_name OR old.tls_server_name IS NOT new.tls_server_name
    OR old.http_host IS NOT new.http_host OR old.remote_host_name IS NOT new.remote_host_name
    OR old.remote_mac IS NOT new.remote_mac
BEGIN
  DELETE FROM connection_text WHERE rowid = old.id;
  INSERT INTO connection_text (rowid, program, executable, local_host, local_ip, local_mac, local_host_name,
      remote_ip, remote_name, remote_domain, dns_name, tls_server_name, http_host, remote_host_name, remote_mac)
    VALUES (new.id, new.program, new.executable, new.local_host, new.local_ip, new.local_mac, new.local_host_name,
      new.remote_ip, new.remote_name, new.remote_domain, new.dns_name, new.tls_server_name, new.http_host,
      new.remote_host_name, new.remote_mac);
END;

CREATE TRIGGER connection_text_delete AFTER DELETE ON connections BEGIN
  DELETE FROM connection_text WHERE rowid = old.id;
END;
