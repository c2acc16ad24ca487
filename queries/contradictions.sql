-- name: contradictions
-- answers: pairs of claims that disagree: same subject, relation and object with both polarities, or same subject, relation and time with different amounts
-- params: none
SELECT 'polarity' AS kind, s.name AS subject, p.relation,
       COALESCE(o.name, p.object_literal) AS object,
       p.claim_id AS claim_a, n.claim_id AS claim_b,
       pa.path AS article_a, na.path AS article_b
FROM claims p
JOIN claims n ON n.subject_id = p.subject_id AND n.relation = p.relation
             AND n.object_id IS p.object_id AND n.object_literal IS p.object_literal
             AND n.object_quantity_id IS NULL AND p.object_quantity_id IS NULL
JOIN entities s ON s.entity_id = p.subject_id
LEFT JOIN entities o ON o.entity_id = p.object_id
JOIN articles pa ON pa.article_id = p.article_id
JOIN articles na ON na.article_id = n.article_id
WHERE p.polarity = '+' AND n.polarity = '-'
UNION ALL
SELECT 'amount', s.name, x.relation, qx.name || ' / ' || qy.name,
       x.claim_id, y.claim_id, xa.path, ya.path
FROM claims x
JOIN claims y ON y.subject_id = x.subject_id AND y.relation = x.relation
             AND y.time = x.time AND y.claim_id > x.claim_id
JOIN quantities qx ON qx.quantity_id = x.object_quantity_id
JOIN quantities qy ON qy.quantity_id = y.object_quantity_id
JOIN entities s ON s.entity_id = x.subject_id
JOIN articles xa ON xa.article_id = x.article_id
JOIN articles ya ON ya.article_id = y.article_id
WHERE qx.unit = qy.unit AND (qx.low IS NOT qy.low OR qx.high IS NOT qy.high)
ORDER BY kind DESC, claim_a, claim_b;
