-- 0018 · Whether committee members may award directly (POST /awards) or every award and
-- deduction must go through a proposal another person decides (maker-checker for all).
ALTER TABLE communities ADD COLUMN direct_awards boolean NOT NULL DEFAULT true;
