-- Issue 16 §6: each person's staff language, the language of the screens they use (ja or en). An account made
-- before has none (NULL): the app then keeps the language this computer last used, else the operating system's.
ALTER TABLE account ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('ja', 'en'));
