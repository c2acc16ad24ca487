-- name: money-over-time
-- answers: the money amounts claimed about an entity, oldest first (claim time, else the article's date)
-- params: :entity (name, alias or key, e.g. Meta)
-- form: :entity entity
WITH target(entity_id) AS (
    SELECT entity_id FROM entities
     WHERE key = :entity OR name = :entity COLLATE NOCASE OR name_fa = :entity
    UNION
    SELECT entity_id FROM aliases WHERE alias = :entity
)
SELECT COALESCE(c.time, a.published) AS time, s.name AS subject, c.relation,
       q.name AS amount, q.low, q.high, q.unit, c.polarity, c.modality, a.outlet,
       c.claim_id AS claim
FROM claims c
JOIN entities s ON s.entity_id = c.subject_id
JOIN quantities q ON q.quantity_id = COALESCE(c.object_quantity_id, c.amount_quantity_id)
JOIN articles a ON a.article_id = c.article_id
WHERE (c.subject_id IN (SELECT entity_id FROM target) OR c.object_id IN (SELECT entity_id FROM target))
  AND q.unit GLOB '[A-Z][A-Z][A-Z]'
ORDER BY COALESCE(c.time, a.published) IS NULL, COALESCE(c.time, a.published), c.claim_id;
