-- kg database schema, version 5 (PRAGMA user_version = 5).
-- Spans are byte offsets into the article's original input file, end exclusive.
-- One article is written in one transaction: a reader sees all of it or none of it.
-- Later versions add queries/migrate-N.sql, which upgrades version N-1 to N.

-- articles.path is the article's key: kg ingest gives the canonical path of its file,
-- or for standard input id:ID, url:URL or sha256:HEX (the comment inside the table
-- below is older: tables keep the text they were created with).
CREATE TABLE IF NOT EXISTS articles (
    article_id   INTEGER PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE,     -- as given when ingested
    doc_id       TEXT,                     -- front matter id, if any
    title        TEXT,
    outlet       TEXT,
    url          TEXT,
    lang         TEXT,
    published    TEXT,                     -- ISO date, Gregorian
    format       TEXT,                     -- text, markdown, html
    content_hash TEXT NOT NULL,            -- hex SHA-256 of the raw bytes
    bytes        INTEGER NOT NULL,
    ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- A new key may still name a stored article: the same bytes, or the same front-matter
-- id (kg_store.h, kg_store_put_keyed).
CREATE INDEX IF NOT EXISTS articles_content ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_doc_id ON articles(doc_id) WHERE doc_id IS NOT NULL;

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

-- Every sentence's matching form (sentences.norm is NULL when it equals text).
CREATE VIEW IF NOT EXISTS sentences_norm AS
SELECT sentence_id, COALESCE(norm, text) AS norm FROM sentences;

-- The full-text index of sentences. A writer indexes the sentences it inserts itself,
-- in the same transaction (kg_store does it once per transaction, which keeps the index
-- in few segments): INSERT INTO sentences_fts(rowid, norm) SELECT sentence_id, norm
-- FROM sentences_norm ... The index reads its content through that view.
-- A deleted sentence leaves the index by the trigger below, so a sentence must be
-- indexed before it is deleted (an external-content FTS5 index is corrupted by deleting
-- a row it never held).
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    norm, content='sentences_norm', content_rowid='sentence_id', tokenize='unicode61'
);
CREATE TRIGGER IF NOT EXISTS sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, norm)
        VALUES ('delete', old.sentence_id, COALESCE(old.norm, old.text));
END;

CREATE TABLE IF NOT EXISTS entities (
    entity_id INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,        -- canonical id: lexicon id or generated ("org:run-ai")
    name      TEXT NOT NULL,               -- English canonical name, or normalized surface
    name_fa   TEXT,
    type      TEXT NOT NULL,
    qid       TEXT
);

CREATE TABLE IF NOT EXISTS aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(entity_id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS quantities (
    quantity_id INTEGER PRIMARY KEY,
    low         REAL,                      -- NULL for an open lower bound
    high        REAL,                      -- NULL for an open upper bound
    unit        TEXT NOT NULL DEFAULT '',
    approx      INTEGER NOT NULL DEFAULT 0,
    name        TEXT NOT NULL              -- readable form, e.g. '60–80B USD'
);

CREATE TABLE IF NOT EXISTS mentions (
    mention_id  INTEGER PRIMARY KEY,
    sentence_id INTEGER NOT NULL REFERENCES sentences(sentence_id) ON DELETE CASCADE,
    entity_id   INTEGER REFERENCES entities(entity_id),
    quantity_id INTEGER REFERENCES quantities(quantity_id),
    type        TEXT NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    surface     TEXT NOT NULL,
    time        TEXT,
    via         TEXT NOT NULL
);

-- object_literal is a phrase in the matching form, object_text the same phrase as the
-- article spells it (half-spaces, letters, digits), NULL when the two are equal; version 4
-- added object_text, hence its place. The name of an entity no lexicon knows is the
-- spelling of its first mention (version 4; before, its matching form); its aliases hold
-- the matching forms of its mentions.
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
    span_end           INTEGER NOT NULL, object_text TEXT,
    CHECK ((object_id IS NOT NULL) + (object_quantity_id IS NOT NULL) + (object_literal IS NOT NULL) = 1)
);

CREATE INDEX IF NOT EXISTS claims_subject  ON claims(subject_id, relation);
CREATE INDEX IF NOT EXISTS claims_object   ON claims(object_id);
CREATE INDEX IF NOT EXISTS claims_article  ON claims(article_id);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
-- The child side of every foreign key a replaced article's rows are deleted through:
-- without them deleting a sentence, quantity or entity scans mentions and claims.
CREATE INDEX IF NOT EXISTS mentions_sentence ON mentions(sentence_id);
CREATE INDEX IF NOT EXISTS claims_sentence ON claims(sentence_id);
CREATE INDEX IF NOT EXISTS mentions_quantity ON mentions(quantity_id) WHERE quantity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_object_quantity ON claims(object_quantity_id)
    WHERE object_quantity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_amount_quantity ON claims(amount_quantity_id)
    WHERE amount_quantity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS claims_source ON claims(source_id) WHERE source_id IS NOT NULL;

-- For people: one row per claim with names, values, article and evidence, each in the
-- original spelling (object: an entity's name, an amount, or a phrase as the article wrote
-- it; object_literal: the phrase's matching form).
CREATE VIEW IF NOT EXISTS claims_view AS
SELECT c.claim_id,
       s.name AS subject, s.key AS subject_key, c.relation,
       COALESCE(o.name, q.name, c.object_text, c.object_literal) AS object,
       o.key AS object_key, q.low AS object_low, q.high AS object_high, q.unit AS object_unit,
       c.object_literal,
       c.polarity, c.modality, COALESCE(src.name, c.source_name) AS source, c.time,
       aq.name AS amount, c.confidence, c.rule,
       a.article_id, a.path, a.title, a.outlet, a.url, a.lang AS article_lang, a.published,
       se.seq AS sentence, c.span_start, c.span_end, se.text AS evidence
FROM claims c
JOIN entities s ON s.entity_id = c.subject_id
LEFT JOIN entities o ON o.entity_id = c.object_id
LEFT JOIN quantities q ON q.quantity_id = c.object_quantity_id
LEFT JOIN quantities aq ON aq.quantity_id = c.amount_quantity_id
LEFT JOIN entities src ON src.entity_id = c.source_id
JOIN articles a ON a.article_id = c.article_id
JOIN sentences se ON se.sentence_id = c.sentence_id;

PRAGMA user_version = 5;
