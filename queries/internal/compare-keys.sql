-- compare-keys: claim rows per claim key and article. A claim key is
-- (subject key, relation, object kind, object key | quantity name | literal, polarity);
-- object kind is 'e' (entity), 'q' (quantity) or 'l' (literal).
-- :articles is NULL (every article) or a JSON array of article ids.
-- object is the name people read: an entity's name, an amount, or the phrase as an article
-- spells it (object_key holds the phrase's matching form).
-- Columns: subject_key, subject, relation, object_kind, object_key, object, polarity,
--          article_id, claims. Ordered by key, then article.
SELECT s.key, s.name, c.relation,
       CASE WHEN c.object_id IS NOT NULL THEN 'e'
            WHEN c.object_quantity_id IS NOT NULL THEN 'q' ELSE 'l' END AS kind,
       COALESCE(o.key, q.name, c.object_literal) AS object_key,
       COALESCE(o.name, q.name, min(c.object_text), c.object_literal),
       c.polarity, c.article_id, count(*)
FROM claims c
JOIN entities s ON s.entity_id = c.subject_id
LEFT JOIN entities o ON o.entity_id = c.object_id
LEFT JOIN quantities q ON q.quantity_id = c.object_quantity_id
WHERE :articles IS NULL OR c.article_id IN (SELECT value FROM json_each(:articles))
GROUP BY s.key, c.relation, kind, object_key, c.polarity, c.article_id
ORDER BY s.key, c.relation, kind, object_key, c.polarity, c.article_id;
