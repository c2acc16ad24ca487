-- graph-claims: one row per claim for `kg graph`, with both ends resolved.
-- :articles is NULL (every article) or a JSON array of article ids.
-- Columns: article_id, relation, polarity, modality,
--          subject key/name/name_fa/type, object kind ('e', 'q', 'l'),
--          object key/name/name_fa/type, evidence sentence, article url. Names are
--          spelled as the articles spell them; a phrase's key is its matching form.
SELECT c.article_id, c.relation, c.polarity, c.modality,
       s.key, s.name, s.name_fa, s.type,
       CASE WHEN c.object_id IS NOT NULL THEN 'e'
            WHEN c.object_quantity_id IS NOT NULL THEN 'q' ELSE 'l' END,
       COALESCE(o.key, q.name, c.object_literal),
       COALESCE(o.name, q.name, c.object_text, c.object_literal),
       o.name_fa,
       COALESCE(o.type, CASE WHEN q.quantity_id IS NOT NULL THEN 'QUANTITY' ELSE 'LITERAL' END),
       se.text, a.url
FROM claims c
JOIN entities s ON s.entity_id = c.subject_id
LEFT JOIN entities o ON o.entity_id = c.object_id
LEFT JOIN quantities q ON q.quantity_id = c.object_quantity_id
JOIN articles a ON a.article_id = c.article_id
JOIN sentences se ON se.sentence_id = c.sentence_id
WHERE :articles IS NULL OR c.article_id IN (SELECT value FROM json_each(:articles))
ORDER BY c.article_id, se.seq, c.claim_id;
