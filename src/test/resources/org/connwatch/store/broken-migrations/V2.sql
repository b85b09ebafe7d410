-- A migration that fails half-way: the table it made first must not be left behind.
CREATE TABLE made_before_the_error (x INTEGER);
CREATE INDEX no_such_table_index ON no_such_table (x);
