-- name: alleged
-- answers: claims that are only alleged or reported, with who alleges or reports them
-- params: none
SELECT claim_id AS claim, modality, source, subject, relation, object, polarity, outlet, path
FROM claims_view
WHERE modality IN ('alleged', 'reported')
ORDER BY modality, claim_id;
