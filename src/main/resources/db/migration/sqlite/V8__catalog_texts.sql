-- Every text the clinic writes that a patient reads, in each language a consultation may be held in (issue 12 §2:
-- "every word in the patient's language"). The catalog's own columns (clinic.name, .address,
-- .blood_donation_policy; physician.name; product.name, .manufacturer, .source_cells, .virus_tests, .storage) are,
-- as before this migration, the clinic's Japanese texts, and the Japanese documents keep quoting them unchanged.
-- These tables hold the same texts in another language (today English, 'en'), one complete row per language: a
-- language without its row has not been written, and a consultation in it is refused at the start, naming what is
-- missing. A data directory made before this migration has no such rows: administrators are told at sign-in which
-- texts each offered language still lacks. Changed only by an administrator through the program, which audits it.
CREATE TABLE clinic_text (
    language              TEXT PRIMARY KEY CHECK (language <> 'ja'),
    name                  TEXT NOT NULL,
    address               TEXT NOT NULL,
    blood_donation_policy TEXT NOT NULL
);

-- The physician's name as written in that language: in Latin letters for English.
CREATE TABLE physician_text (
    physician_id INTEGER NOT NULL REFERENCES physician (id) ON DELETE CASCADE,
    language     TEXT NOT NULL CHECK (language <> 'ja'),
    name         TEXT NOT NULL,
    PRIMARY KEY (physician_id, language)
);

-- The product's texts in that language. virus_tests is a JSON array with one text per test of product.virus_tests,
-- in the same order; storage is given exactly when the product's own storage text is.
CREATE TABLE product_text (
    product_id   INTEGER NOT NULL REFERENCES product (id) ON DELETE CASCADE,
    language     TEXT NOT NULL CHECK (language <> 'ja'),
    name         TEXT NOT NULL,
    manufacturer TEXT NOT NULL,
    source_cells TEXT NOT NULL,
    virus_tests  TEXT NOT NULL,
    storage      TEXT,
    PRIMARY KEY (product_id, language),
    UNIQUE (language, name)
);
