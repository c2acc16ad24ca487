-- compare-polarity: contradicting claims — same subject and relation (and the same object
-- when the objects are entities) with opposite polarity, within or across articles.
-- One pair (the first claims) per article pair and (subject, relation, object).
-- :articles is NULL (every article) or a JSON array of article ids.
-- Columns: subject_key, subject, relation, object of the '+' claim, object of the '-' claim,
--          article '+', article '-', claim '+', claim '-', evidence '+', evidence '-'.
WITH sel AS (
    SELECT * FROM claims
    WHERE :articles IS NULL OR article_id IN (SELECT value FROM json_each(:articles))
), pairs AS (
    SELECT min(p.claim_id) AS pos, min(n.claim_id) AS neg
    FROM sel p
    JOIN sel n ON n.subject_id = p.subject_id AND n.relation = p.relation
              AND (p.object_id IS NULL) = (n.object_id IS NULL)
              AND (p.object_id IS NULL OR p.object_id = n.object_id)
    WHERE p.polarity = '+' AND n.polarity = '-'
    GROUP BY p.article_id, n.article_id, p.subject_id, p.relation, p.object_id
)
SELECT s.key, s.name, p.relation,
       COALESCE(po.name, pq.name, p.object_text, p.object_literal),
       COALESCE(no.name, nq.name, n.object_text, n.object_literal),
       p.article_id, n.article_id, p.claim_id, n.claim_id, ps.text, ns.text
FROM pairs
JOIN claims p ON p.claim_id = pairs.pos
JOIN claims n ON n.claim_id = pairs.neg
JOIN entities s ON s.entity_id = p.subject_id
LEFT JOIN entities po ON po.entity_id = p.object_id
LEFT JOIN quantities pq ON pq.quantity_id = p.object_quantity_id
LEFT JOIN entities no ON no.entity_id = n.object_id
LEFT JOIN quantities nq ON nq.quantity_id = n.object_quantity_id
JOIN sentences ps ON ps.sentence_id = p.sentence_id
JOIN sentences ns ON ns.sentence_id = n.sentence_id
ORDER BY s.key, p.relation, p.claim_id, n.claim_id;
