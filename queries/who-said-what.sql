-- name: who-said-what
-- answers: every claim that has a source, grouped by the source
-- params: none
SELECT COALESCE(src.name, c.source_name) AS source, s.name AS subject, c.relation,
       COALESCE(o.name, q.name, c.object_text, c.object_literal) AS object, c.polarity, c.modality,
       a.outlet, c.claim_id AS claim
FROM claims c
JOIN entities s ON s.entity_id = c.subject_id
LEFT JOIN entities o ON o.entity_id = c.object_id
LEFT JOIN quantities q ON q.quantity_id = c.object_quantity_id
LEFT JOIN entities src ON src.entity_id = c.source_id
JOIN articles a ON a.article_id = c.article_id
WHERE c.source_name IS NOT NULL OR c.source_id IS NOT NULL
ORDER BY source, c.claim_id;
