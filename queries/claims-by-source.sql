-- name: claims-by-source
-- answers: the claims attributed to a source (a person, an organization, a document)
-- params: :source (source name as written, or the name, alias or key of its entity)
-- form: :source entity
SELECT c.claim_id AS claim, COALESCE(src.name, c.source_name) AS source, s.name AS subject, c.relation,
       COALESCE(o.name, q.name, c.object_text, c.object_literal) AS object, c.polarity, c.modality,
       a.outlet, a.path
FROM claims c
JOIN entities s ON s.entity_id = c.subject_id
LEFT JOIN entities o ON o.entity_id = c.object_id
LEFT JOIN quantities q ON q.quantity_id = c.object_quantity_id
LEFT JOIN entities src ON src.entity_id = c.source_id
JOIN articles a ON a.article_id = c.article_id
WHERE c.source_name = :source COLLATE NOCASE
   OR src.key = :source OR src.name = :source COLLATE NOCASE OR src.name_fa = :source
   OR c.source_id IN (SELECT entity_id FROM aliases WHERE alias = :source)
ORDER BY c.claim_id;
