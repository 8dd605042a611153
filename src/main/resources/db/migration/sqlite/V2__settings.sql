-- The clinic's settings (reflection time, idle lock, ...): one row per setting; a missing row means the default.
-- Every change is audited by the program (action settings:changed).
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
