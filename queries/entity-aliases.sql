-- name: entity-aliases
-- answers: an entity's key, canonical names, type, QID and every surface form seen for it
-- params: :entity (name, alias or key, e.g. Meta)
-- form: :entity entity
SELECT e.key, e.name, e.name_fa, e.type, e.qid, al.alias
FROM entities e
LEFT JOIN aliases al ON al.entity_id = e.entity_id
WHERE e.entity_id IN (
    SELECT entity_id FROM entities
     WHERE key = :entity OR name = :entity COLLATE NOCASE OR name_fa = :entity
    UNION
    SELECT entity_id FROM aliases WHERE alias = :entity)
ORDER BY e.key, al.alias;
