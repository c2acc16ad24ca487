-- Version 1 -> 2: the writer feeds the sentence index itself, once per transaction
-- (see schema.sql), instead of a trigger per inserted row; sentences_article duplicated
-- the index behind UNIQUE (article_id, seq). The index's content does not change.
DROP TRIGGER IF EXISTS sentences_fts_insert;
DROP INDEX IF EXISTS sentences_article;
