-- name: top-entities
-- answers: the entities mentioned most, with how many articles mention them
-- params: :limit (how many rows; default 20)
-- default: :limit 20
SELECT e.name, e.type, e.key, count(m.mention_id) AS mentions,
       count(DISTINCT s.article_id) AS articles
FROM entities e
JOIN mentions m ON m.entity_id = e.entity_id
JOIN sentences s ON s.sentence_id = m.sentence_id
GROUP BY e.entity_id
ORDER BY mentions DESC, articles DESC, e.name
LIMIT :limit;
