-- 0008 · Images (a goods item's photo; later, evidence for awards): stored re-encoded,
-- so what is served is only pixels (no EXIF, no location), with its SHA-256.
CREATE TABLE images (
    community_id uuid NOT NULL REFERENCES communities,
    image_id uuid NOT NULL,
    media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
    content bytea NOT NULL CHECK (length(content) BETWEEN 1 AND 4194304),
    sha256 bytea NOT NULL CHECK (length(sha256) = 32),
    width integer NOT NULL CHECK (width BETWEEN 1 AND 4096),
    height integer NOT NULL CHECK (height BETWEEN 1 AND 4096),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, image_id)
);

ALTER TABLE goods ADD COLUMN photo_image_id uuid;

GRANT SELECT, INSERT ON images TO ledger_app;
