-- Version 3 -> 4: a literal object keeps the spelling of the article (claims.object_text,
-- NULL when it equals the matching form in object_literal), and claims_view shows it, and
-- the name of the source's entity. Claims stored before keep only the matching form.
-- An entity no lexicon knows (its key has a ':', "org:run-ai") was named by the matching
-- form of its first mention; it is renamed to that mention's bytes in the article where
-- they hold no line break and no markup.
ALTER TABLE claims ADD COLUMN object_text TEXT;
CREATE TEMP TABLE kg_v3_spelled AS
SELECT e.entity_id,
       (SELECT CAST(substr(CAST(se.text AS BLOB), m.span_start - se.span_start + 1,
                           m.span_end - m.span_start) AS TEXT)
        FROM mentions m JOIN sentences se ON se.sentence_id = m.sentence_id
        WHERE m.entity_id = e.entity_id AND m.surface = e.name
          AND m.span_start >= se.span_start AND m.span_end <= se.span_end
        ORDER BY m.mention_id LIMIT 1) AS spelled
FROM entities e
WHERE instr(e.key, ':') > 0;
UPDATE entities SET name = (SELECT spelled FROM kg_v3_spelled k WHERE k.entity_id = entities.entity_id)
WHERE entity_id IN (SELECT entity_id FROM kg_v3_spelled
                    WHERE spelled IS NOT NULL AND spelled <> '' AND instr(spelled, char(10)) = 0
                      AND instr(spelled, char(13)) = 0 AND instr(spelled, '<') = 0
                      AND instr(spelled, '&') = 0 AND instr(spelled, '*') = 0);
DROP TABLE kg_v3_spelled;
DROP VIEW IF EXISTS claims_view;
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
