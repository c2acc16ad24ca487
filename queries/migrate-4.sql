-- Version 3 -> 4: a literal object keeps the spelling of the article (claims.object_text,
-- NULL when it equals the matching form in object_literal), and claims_view shows it, and
-- the name of the source's entity. Claims stored before keep only the matching form.
ALTER TABLE claims ADD COLUMN object_text TEXT;
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
