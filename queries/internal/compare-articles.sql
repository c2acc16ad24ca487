-- compare-articles: the articles compared, with their extraction coverage.
-- :articles is NULL (every article) or a JSON array of article ids.
-- Columns: article_id, path, title, outlet, lang, url, sentences,
--          sentences that yielded a claim, claims.
SELECT a.article_id, a.path, a.title, a.outlet, a.lang, a.url,
       (SELECT count(*) FROM sentences s WHERE s.article_id = a.article_id),
       (SELECT count(DISTINCT c.sentence_id) FROM claims c WHERE c.article_id = a.article_id),
       (SELECT count(*) FROM claims c WHERE c.article_id = a.article_id)
FROM articles a
WHERE :articles IS NULL OR a.article_id IN (SELECT value FROM json_each(:articles))
ORDER BY a.article_id;
