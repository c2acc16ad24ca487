-- Version 2 -> 3: a sentence's norm is NULL when it equals its text (a third of the
-- sentence bytes), the full-text index reads the matching form through the view
-- sentences_norm, and claims check modality without an IN list, for which SQLite built
-- a temporary index per inserted claim. Both tables change their CREATE text, so they
-- are rebuilt (their rows and ids are kept; kg_store runs migrations with foreign keys
-- off, so dropping the old tables deletes nothing else). The index is rebuilt from the
-- sentences: same content.
DROP VIEW IF EXISTS claims_view;
DROP TRIGGER IF EXISTS sentences_fts_delete;
DROP TABLE IF EXISTS sentences_fts;
CREATE TABLE kg_v2_sentences AS SELECT * FROM sentences;
CREATE TABLE kg_v2_claims AS SELECT * FROM claims;
DROP TABLE claims;
DROP TABLE sentences;

CREATE TABLE IF NOT EXISTS sentences (
    sentence_id INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,          -- 0-based index in the article
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    lang        TEXT,
    text        TEXT NOT NULL,             -- original bytes of the span
    norm        TEXT,                      -- matching form; NULL when it equals text
    UNIQUE (article_id, seq)
);

INSERT INTO sentences(sentence_id, article_id, seq, span_start, span_end, lang, text, norm)
SELECT sentence_id, article_id, seq, span_start, span_end, lang, text, NULLIF(norm, text)
FROM kg_v2_sentences;

CREATE VIEW IF NOT EXISTS sentences_norm AS
SELECT sentence_id, COALESCE(norm, text) AS norm FROM sentences;

CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    norm, content='sentences_norm', content_rowid='sentence_id', tokenize='unicode61'
);
INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
CREATE TRIGGER IF NOT EXISTS sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, norm)
        VALUES ('delete', old.sentence_id, COALESCE(old.norm, old.text));
END;

CREATE TABLE IF NOT EXISTS claims (
    claim_id           INTEGER PRIMARY KEY,
    article_id         INTEGER NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    sentence_id        INTEGER NOT NULL REFERENCES sentences(sentence_id) ON DELETE CASCADE,
    subject_id         INTEGER NOT NULL REFERENCES entities(entity_id),
    relation           TEXT NOT NULL,
    object_id          INTEGER REFERENCES entities(entity_id),       -- object entity, or
    object_quantity_id INTEGER REFERENCES quantities(quantity_id),   -- object amount, or
    object_literal     TEXT,                                         -- a phrase
    polarity           TEXT NOT NULL CHECK (polarity IN ('+', '-')),
    -- Not an IN list: SQLite checks one by building a temporary index per inserted row.
    modality           TEXT NOT NULL CHECK (modality = 'asserted' OR modality = 'reported'
                           OR modality = 'alleged' OR modality = 'planned'
                           OR modality = 'possible'),
    source_id          INTEGER REFERENCES entities(entity_id),
    source_name        TEXT,
    time               TEXT,
    amount_quantity_id INTEGER REFERENCES quantities(quantity_id),
    confidence         REAL NOT NULL DEFAULT 1.0,
    rule               TEXT NOT NULL,
    span_start         INTEGER NOT NULL,   -- the evidence sentence
    span_end           INTEGER NOT NULL,
    CHECK ((object_id IS NOT NULL) + (object_quantity_id IS NOT NULL) + (object_literal IS NOT NULL) = 1)
);

INSERT INTO claims SELECT * FROM kg_v2_claims;
CREATE INDEX IF NOT EXISTS claims_subject  ON claims(subject_id, relation);
CREATE INDEX IF NOT EXISTS claims_object   ON claims(object_id);
CREATE INDEX IF NOT EXISTS claims_article  ON claims(article_id);
CREATE INDEX IF NOT EXISTS claims_sentence ON claims(sentence_id);
CREATE INDEX IF NOT EXISTS claims_object_quantity ON claims(object_quantity_id)
    WHERE object_quantity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_amount_quantity ON claims(amount_quantity_id)
    WHERE amount_quantity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_source ON claims(source_id) WHERE source_id IS NOT NULL;

CREATE VIEW IF NOT EXISTS claims_view AS
SELECT c.claim_id,
       s.name AS subject, s.key AS subject_key, c.relation,
       COALESCE(o.name, q.name, c.object_literal) AS object,
       o.key AS object_key, q.low AS object_low, q.high AS object_high, q.unit AS object_unit,
       c.polarity, c.modality, c.source_name AS source, c.time,
       aq.name AS amount, c.confidence, c.rule,
       a.article_id, a.path, a.title, a.outlet, a.url, a.lang AS article_lang, a.published,
       se.seq AS sentence, c.span_start, c.span_end, se.text AS evidence
FROM claims c
JOIN entities s ON s.entity_id = c.subject_id
LEFT JOIN entities o ON o.entity_id = c.object_id
LEFT JOIN quantities q ON q.quantity_id = c.object_quantity_id
LEFT JOIN quantities aq ON aq.quantity_id = c.amount_quantity_id
JOIN articles a ON a.article_id = c.article_id
JOIN sentences se ON se.sentence_id = c.sentence_id;

DROP TABLE kg_v2_sentences;
DROP TABLE kg_v2_claims;
