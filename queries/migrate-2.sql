-- Version 1 -> 2: the writer feeds the sentence index itself, once per transaction
-- (see schema.sql), instead of a trigger per inserted row; sentences_article duplicated
-- the index behind UNIQUE (article_id, seq). The index's content does not change.
-- Replacing an article no longer scans mentions and claims once per deleted row.
DROP TRIGGER IF EXISTS sentences_fts_insert;
DROP INDEX IF EXISTS sentences_article;
CREATE INDEX IF NOT EXISTS mentions_sentence ON mentions(sentence_id);
CREATE INDEX IF NOT EXISTS claims_sentence ON claims(sentence_id);
CREATE INDEX IF NOT EXISTS mentions_quantity ON mentions(quantity_id) WHERE quantity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_object_quantity ON claims(object_quantity_id)
    WHERE object_quantity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_amount_quantity ON claims(amount_quantity_id)
    WHERE amount_quantity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_source ON claims(source_id) WHERE source_id IS NOT NULL;
