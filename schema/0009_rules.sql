-- 0009 · The rule catalog (村规民约积分细则): whether an item needs evidence (a photo).
ALTER TABLE rules ADD COLUMN needs_evidence boolean NOT NULL DEFAULT false;
