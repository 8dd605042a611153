-- The manager's records table filters by purpose (indication) as well.
CREATE INDEX record_indication ON record (indication, consultation_at);
