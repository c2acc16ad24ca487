-- Version 4 -> 5: an article is also found by its bytes and by its front-matter id, so
-- that a new key naming a stored article (a copy, standard input, a moved file) does not
-- store it twice (kg_store.h, kg_store_put_keyed).
CREATE INDEX IF NOT EXISTS articles_content ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_doc_id ON articles(doc_id) WHERE doc_id IS NOT NULL;
