-- ExoConsent's schema 18 for PostgreSQL (issue 17 §5; 17 is SQLite's alone): the signed PDFs are stored as they are,
-- without the server trying to compress them. A PDF's streams are compressed already (OpenPDF writes them deflated),
-- so PostgreSQL's TOAST compression (pglz), tried on every value over 2 kB, gives up only after reading it, and keeps
-- it uncompressed: a consent of 239 kB took 5.4-6.1 ms of the server's CPU to insert with the attempt, 1.9-3.0 ms
-- without (300 inserts each, PostgreSQL 15, 2026-12-02), inside the write transaction that holds the chain's head.
-- STORAGE EXTERNAL keeps such values out of line and uncompressed (the PostgreSQL manual, "TOAST"); it changes how
-- new values are written, not the values already stored, nor what is read back (the same bytes).
-- No data changes, no new right.

ALTER TABLE document ALTER COLUMN content SET STORAGE EXTERNAL;
