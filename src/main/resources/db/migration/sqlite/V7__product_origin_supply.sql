-- Where a product's vesicles come from and how it reaches the clinic (issue 11, section 1; FACTS.md "What the
-- treatment is", corrected 2026-11: not every product comes from another person's cells, and how a product is sold
-- matters). Products already in a catalog are 'unknown' until the clinic says otherwise.
ALTER TABLE product ADD COLUMN origin TEXT NOT NULL DEFAULT 'unknown'
    CHECK (origin IN ('allogeneic', 'autologous', 'non-human', 'unknown'));
ALTER TABLE product ADD COLUMN supply TEXT NOT NULL DEFAULT 'unknown'
    CHECK (supply IN ('cosmetic-ingredient', 'research-reagent', 'clinic-prepared', 'other', 'unknown'));
