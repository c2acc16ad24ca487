-- name: search
-- answers: sentences whose normalized text matches words (FTS5 syntax: words, "a phrase", OR, NOT, prefix*)
-- params: :words (an FTS5 query over the normalized text, e.g. Llama OR لاما)
-- Columns: text is the sentence as the article spells it; match, the words found in it,
-- in the matching form the index holds.
-- form: :words fts
SELECT s.sentence_id AS sentence, a.path, s.seq, s.lang, s.text,
       snippet(sentences_fts, 0, '[', ']', '…', 12) AS match
FROM sentences_fts
JOIN sentences s ON s.sentence_id = sentences_fts.rowid
JOIN articles a ON a.article_id = s.article_id
WHERE sentences_fts MATCH :words
ORDER BY sentences_fts.rank, s.sentence_id;
