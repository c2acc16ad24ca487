-- name: hosts
-- answers: who hosts the models of a model owner (hosts-partner claims on the owner or on what it develops)
-- params: :owner (name, alias or key of the developer, e.g. Meta)
-- form: :owner entity
WITH owner(entity_id) AS (
    SELECT entity_id FROM entities
     WHERE key = :owner OR name = :owner COLLATE NOCASE OR name_fa = :owner
    UNION
    SELECT entity_id FROM aliases WHERE alias = :owner
),
hosted(entity_id) AS (
    SELECT entity_id FROM owner
    UNION
    SELECT c.object_id FROM claims c
     WHERE c.relation = 'develops' AND c.polarity = '+' AND c.object_id IS NOT NULL
       AND c.subject_id IN (SELECT entity_id FROM owner)
)
SELECT COALESCE(o.name, c.object_text, c.object_literal) AS host, s.name AS hosted, c.polarity, c.modality,
       a.outlet, a.path, c.claim_id AS claim
FROM claims c
JOIN entities s ON s.entity_id = c.subject_id
LEFT JOIN entities o ON o.entity_id = c.object_id
JOIN articles a ON a.article_id = c.article_id
WHERE c.relation = 'hosts-partner' AND c.subject_id IN (SELECT entity_id FROM hosted)
ORDER BY host, c.claim_id;
