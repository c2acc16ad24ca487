-- name: relations
-- answers: how many claims each relation has, positive and negative, and in how many articles
-- params: none
SELECT relation, count(*) AS claims,
       sum(polarity = '+') AS positive, sum(polarity = '-') AS negative,
       count(DISTINCT article_id) AS articles
FROM claims
GROUP BY relation
ORDER BY claims DESC, relation;
