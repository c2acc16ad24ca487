-- compare-values: incompatible values — two positive claims with the same subject,
-- relation, unit and year (of their time) whose amounts disagree: their ranges do not
-- overlap (an open bound is unbounded; ranges are widened by 1%, or 10% when either value
-- is approximate), or both are closed ranges with different ends (60–80B against 60–65B:
-- two different estimates). A point inside a range, or a range inside an open bound,
-- agrees with it.
-- One pair (the first claims) per article pair and pair of values.
-- :articles is NULL (every article) or a JSON array of article ids.
-- Columns: subject_key, subject, relation, value a, value b, time,
--          article a, article b, claim a, claim b, evidence a, evidence b.
WITH sel AS (
    SELECT c.*, q.name AS qname, q.unit AS unit, q.approx AS approx,
           COALESCE(q.low, -1e300) AS lo, COALESCE(q.high, 1e300) AS hi
    FROM claims c JOIN quantities q ON q.quantity_id = c.object_quantity_id
    WHERE c.polarity = '+'
      AND (:articles IS NULL OR c.article_id IN (SELECT value FROM json_each(:articles)))
), pairs AS (
    SELECT min(a.claim_id) AS ca, min(b.claim_id) AS cb
    FROM sel a
    JOIN sel b ON b.subject_id = a.subject_id AND b.relation = a.relation
              AND substr(coalesce(b.time, ''), 1, 4) = substr(coalesce(a.time, ''), 1, 4)
              AND b.unit = a.unit AND a.claim_id < b.claim_id
    WHERE a.qname <> b.qname
      AND (a.hi + abs(a.hi) * (CASE WHEN a.approx OR b.approx THEN 0.1 ELSE 0.01 END) < b.lo
        OR b.hi + abs(b.hi) * (CASE WHEN a.approx OR b.approx THEN 0.1 ELSE 0.01 END) < a.lo
        OR (a.lo > -1e300 AND a.hi < 1e300 AND a.lo < a.hi
            AND b.lo > -1e300 AND b.hi < 1e300 AND b.lo < b.hi
            AND (abs(a.lo - b.lo) > 0.02 * max(abs(a.lo), abs(b.lo))
              OR abs(a.hi - b.hi) > 0.02 * max(abs(a.hi), abs(b.hi)))))
    GROUP BY a.article_id, b.article_id, a.subject_id, a.relation, a.qname, b.qname
)
SELECT s.key, s.name, a.relation, qa.name, qb.name, a.time,
       a.article_id, b.article_id, a.claim_id, b.claim_id, sa.text, sb.text
FROM pairs
JOIN claims a ON a.claim_id = pairs.ca
JOIN claims b ON b.claim_id = pairs.cb
JOIN quantities qa ON qa.quantity_id = a.object_quantity_id
JOIN quantities qb ON qb.quantity_id = b.object_quantity_id
JOIN entities s ON s.entity_id = a.subject_id
JOIN sentences sa ON sa.sentence_id = a.sentence_id
JOIN sentences sb ON sb.sentence_id = b.sentence_id
ORDER BY s.key, a.relation, a.claim_id, b.claim_id;
