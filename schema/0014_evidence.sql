-- 0014 · Evidence for a proposal: a photo (images, 0008), required before approval when the
-- rule says so.
ALTER TABLE proposals ADD COLUMN evidence_image_id uuid;
