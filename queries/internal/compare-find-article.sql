-- compare-find-article: the articles :spec may name, best match first (rank 1 is best):
-- 1 id, 2 exact path, 3 front-matter id, 4 path ending in '/spec', 5 exact title,
-- 6 title containing spec (ASCII case-insensitive). Titles are compared in the matching
-- form (kg_match_form, registered by kg_typed_register): «كتاب» finds a title with «کتاب».
-- At most two rows, so a tie shows.
-- Columns: article_id, path, title, rank.
SELECT article_id, path, title, rank FROM (
    SELECT article_id, path, title,
           CASE WHEN CAST(article_id AS TEXT) = :spec THEN 1
                WHEN path = :spec THEN 2
                WHEN doc_id = :spec THEN 3
                WHEN substr(path, -length(:spec) - 1) = '/' || :spec THEN 4
                WHEN kg_match_form(title) = kg_match_form(:spec) THEN 5
                WHEN instr(lower(kg_match_form(title)), lower(kg_match_form(:spec))) > 0 THEN 6
           END AS rank
    FROM articles)
WHERE rank IS NOT NULL
ORDER BY rank, article_id
LIMIT 2;
