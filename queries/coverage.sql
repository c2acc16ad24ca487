-- name: coverage
-- answers: how many claims, relations and entities each article yields, with its outlet
-- params: none
SELECT a.article_id AS article, a.outlet, a.published, a.lang, a.path,
       count(c.claim_id) AS claims, count(DISTINCT c.relation) AS relations,
       (SELECT count(DISTINCT m.entity_id) FROM mentions m
          JOIN sentences s ON s.sentence_id = m.sentence_id
         WHERE s.article_id = a.article_id) AS entities
FROM articles a
LEFT JOIN claims c ON c.article_id = a.article_id
GROUP BY a.article_id
ORDER BY claims DESC, a.path;
