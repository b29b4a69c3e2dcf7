-- Files attached to practice records (a child's drawings), stored once by
-- the SHA-256 of their bytes. Records refer to them by that hash; a file is
-- served only through a page that checks the record it belongs to.
CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at TEXT NOT NULL
);
