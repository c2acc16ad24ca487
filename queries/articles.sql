-- name: articles
-- answers: the articles in the database with their metadata and sizes
-- params: none
SELECT a.article_id AS article, a.path, a.title, a.outlet, a.lang, a.published, a.format,
       (SELECT count(*) FROM sentences s WHERE s.article_id = a.article_id) AS sentences,
       (SELECT count(*) FROM claims c WHERE c.article_id = a.article_id) AS claims
FROM articles a
ORDER BY a.published IS NULL, a.published, a.path;
