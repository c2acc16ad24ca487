-- compare-outlet: the articles of one outlet (ASCII case-insensitive, in the matching form:
-- kg_match_form, registered by kg_typed_register).
-- Columns: article_id.
SELECT article_id FROM articles WHERE lower(kg_match_form(outlet)) = lower(kg_match_form(:outlet)) ORDER BY article_id;
