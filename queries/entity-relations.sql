-- name: entity-relations
-- answers: every claim in which an entity is the subject or the object
-- params: :entity (name, alias or key, e.g. Meta)
-- form: :entity entity
WITH target(key) AS (
    SELECT key FROM entities
     WHERE key = :entity OR name = :entity COLLATE NOCASE OR name_fa = :entity
    UNION
    SELECT e.key FROM aliases al JOIN entities e ON e.entity_id = al.entity_id
     WHERE al.alias = :entity
)
SELECT claim_id AS claim, subject, relation, object, polarity, modality, source, time,
       outlet, path
FROM claims_view
WHERE subject_key IN (SELECT key FROM target) OR object_key IN (SELECT key FROM target)
ORDER BY claim_id;
