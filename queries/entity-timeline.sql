-- name: entity-timeline
-- answers: what was claimed about an entity over time (claim time, else the article's date)
-- params: :entity (name, alias or key, e.g. Meta)
-- form: :entity entity
WITH target(key) AS (
    SELECT key FROM entities
     WHERE key = :entity OR name = :entity COLLATE NOCASE OR name_fa = :entity
    UNION
    SELECT e.key FROM aliases al JOIN entities e ON e.entity_id = al.entity_id
     WHERE al.alias = :entity
)
SELECT COALESCE(time, published) AS time, subject, relation, object, polarity, modality,
       outlet, claim_id AS claim
FROM claims_view
WHERE subject_key IN (SELECT key FROM target) OR object_key IN (SELECT key FROM target)
ORDER BY COALESCE(time, published) IS NULL, COALESCE(time, published), claim_id;
