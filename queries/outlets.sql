-- name: outlets
-- answers: what each outlet carries across all its articles: articles, claims, distinct claims, and the claims no other outlet carries — the comparison of outlets for an archive of any size
-- params: none
-- A claim is (subject, relation, object, polarity) on canonical entity ids, with amounts
-- compared by their readable form, so the Persian and English press compare directly.
-- Articles without an outlet are grouped as '(none)'. Columns: outlet, articles, claims
-- (rows), distinct (distinct claims), only_here (distinct claims no other outlet
-- carries), shared (distinct claims at least one other outlet carries too).
WITH keyed AS (
    SELECT COALESCE(a.outlet, '(none)') AS outlet,
           c.subject_id || char(31) || c.relation || char(31) ||
           COALESCE('e' || c.object_id, 'q' || q.name, 'l' || c.object_literal) ||
           char(31) || c.polarity AS key
    FROM claims c
    JOIN articles a ON a.article_id = c.article_id
    LEFT JOIN quantities q ON q.quantity_id = c.object_quantity_id
), spread AS (
    SELECT key, count(DISTINCT outlet) AS outlets FROM keyed GROUP BY key
), per_outlet AS (
    SELECT k.outlet, count(*) AS claims, count(DISTINCT k.key) AS distinct_claims,
           count(DISTINCT CASE WHEN s.outlets = 1 THEN k.key END) AS only_here
    FROM keyed k JOIN spread s ON s.key = k.key
    GROUP BY k.outlet
), articles_per_outlet AS (
    SELECT COALESCE(outlet, '(none)') AS outlet, count(*) AS articles
    FROM articles GROUP BY 1
)
SELECT ap.outlet, ap.articles, COALESCE(p.claims, 0) AS claims,
       COALESCE(p.distinct_claims, 0) AS "distinct", COALESCE(p.only_here, 0) AS only_here,
       COALESCE(p.distinct_claims - p.only_here, 0) AS shared
FROM articles_per_outlet ap
LEFT JOIN per_outlet p ON p.outlet = ap.outlet
ORDER BY claims DESC, ap.outlet;
