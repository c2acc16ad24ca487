-- compare-outlet: the articles of one outlet (ASCII case-insensitive).
-- Columns: article_id.
SELECT article_id FROM articles WHERE lower(outlet) = lower(:outlet) ORDER BY article_id;
