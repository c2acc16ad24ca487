-- name: contradictions
-- answers: claims that disagree, one row per disagreement: the same subject, relation and object both stated and denied, or the same subject, relation and time with different amounts; with how many claims and articles take part, and two example claims (for claim-evidence)
-- params: none
-- One row per disagreement, not per pair of claims: an archive where hundreds of
-- articles repeat a claim that a few deny gives one row, not hundreds of thousands.
-- Columns: kind ('polarity' or 'amount'), subject, relation, object (for 'amount', the
-- differing amounts), time (for 'amount'), stated (claims with polarity '+'), denied
-- ('-'), articles (distinct articles with a claim in it), claim_a and claim_b with
-- article_a and article_b (for 'polarity' a stating and a denying claim, the first of
-- each; for 'amount' the first claim and the first with another amount).
WITH polarity AS (
    SELECT subject_id, relation, object_id, object_literal, min(object_text) AS object_text,
           sum(polarity = '+') AS stated, sum(polarity = '-') AS denied,
           count(DISTINCT article_id) AS articles,
           min(CASE WHEN polarity = '+' THEN claim_id END) AS claim_a,
           min(CASE WHEN polarity = '-' THEN claim_id END) AS claim_b
    FROM claims
    WHERE object_quantity_id IS NULL
    GROUP BY subject_id, relation, object_id, object_literal
    HAVING stated > 0 AND denied > 0
), amounts AS (
    SELECT c.subject_id, c.relation, c.time, q.unit,
           sum(c.polarity = '+') AS stated, sum(c.polarity = '-') AS denied,
           count(DISTINCT c.article_id) AS articles, min(c.claim_id) AS claim_a
    FROM claims c
    JOIN quantities q ON q.quantity_id = c.object_quantity_id
    WHERE c.time IS NOT NULL
    GROUP BY c.subject_id, c.relation, c.time, q.unit
    HAVING count(DISTINCT COALESCE(q.low, 'open') || '..' || COALESCE(q.high, 'open')) > 1
), amount_rows AS (
    SELECT a.*,
           (SELECT group_concat(name, ' / ') FROM (
                SELECT DISTINCT q.name FROM claims c
                JOIN quantities q ON q.quantity_id = c.object_quantity_id
                WHERE c.subject_id = a.subject_id AND c.relation = a.relation
                  AND c.time = a.time AND q.unit = a.unit
                ORDER BY q.low, q.high, q.name)) AS object,
           (SELECT min(c.claim_id) FROM claims c
            JOIN quantities q ON q.quantity_id = c.object_quantity_id
            JOIN claims f ON f.claim_id = a.claim_a
            JOIN quantities fq ON fq.quantity_id = f.object_quantity_id
            WHERE c.subject_id = a.subject_id AND c.relation = a.relation
              AND c.time = a.time AND q.unit = a.unit
              AND (q.low IS NOT fq.low OR q.high IS NOT fq.high)) AS claim_b
    FROM amounts a
)
SELECT 'polarity' AS kind, s.name AS subject, p.relation AS relation,
       COALESCE(o.name, p.object_text, p.object_literal) AS object, NULL AS time,
       p.stated AS stated, p.denied AS denied, p.articles AS articles, p.claim_a AS claim_a,
       p.claim_b AS claim_b,
       ca_art.path AS article_a, cb_art.path AS article_b
FROM polarity p
JOIN entities s ON s.entity_id = p.subject_id
LEFT JOIN entities o ON o.entity_id = p.object_id
JOIN claims ca ON ca.claim_id = p.claim_a
JOIN articles ca_art ON ca_art.article_id = ca.article_id
JOIN claims cb ON cb.claim_id = p.claim_b
JOIN articles cb_art ON cb_art.article_id = cb.article_id
UNION ALL
SELECT 'amount', s.name, a.relation, a.object, a.time,
       a.stated, a.denied, a.articles, a.claim_a, a.claim_b,
       ca_art.path, cb_art.path
FROM amount_rows a
JOIN entities s ON s.entity_id = a.subject_id
JOIN claims ca ON ca.claim_id = a.claim_a
JOIN articles ca_art ON ca_art.article_id = ca.article_id
JOIN claims cb ON cb.claim_id = a.claim_b
JOIN articles cb_art ON cb_art.article_id = cb.article_id
ORDER BY kind DESC, subject, relation, object;
