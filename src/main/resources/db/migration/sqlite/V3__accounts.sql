-- People who may use ExoConsent, their roles, and the state of their sign-ins. Passwords are kept only as an
-- Argon2id hash in PHC string form ($argon2id$v=19$m=...,t=...,p=...$salt$hash); never in plain text.
CREATE TABLE account (
    name              TEXT PRIMARY KEY COLLATE NOCASE,
    roles             TEXT NOT NULL,           -- comma-separated: physician, staff, manager, administrator
    password_hash     TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    physician_licence TEXT,                    -- for a physician: their licence in the catalog (own records)
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_sign_ins   INTEGER NOT NULL DEFAULT 0,
    locked_until      TEXT,                    -- ISO instant; sign-in refused before it
    created_at        TEXT NOT NULL
);
