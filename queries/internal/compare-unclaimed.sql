-- compare-unclaimed: entities an article mentions that are in none of its claims
-- (as subject, object or source).
-- :articles is NULL (every article) or a JSON array of article ids.
-- Columns: article_id, entity name. Ordered by article, then name.
SELECT DISTINCT se.article_id, e.name
FROM mentions m
JOIN sentences se ON se.sentence_id = m.sentence_id
JOIN entities e ON e.entity_id = m.entity_id
WHERE (:articles IS NULL OR se.article_id IN (SELECT value FROM json_each(:articles)))
  AND NOT EXISTS (SELECT 1 FROM claims c
                  WHERE c.article_id = se.article_id
                    AND (c.subject_id = m.entity_id OR c.object_id = m.entity_id
                         OR c.source_id = m.entity_id))
ORDER BY se.article_id, e.name;
