-- name: negated
-- answers: claims stated in the negative (polarity '-'): what someone says is not so
-- params: none
SELECT claim_id AS claim, subject, relation, object, modality, source, time, outlet, path,
       evidence
FROM claims_view
WHERE polarity = '-'
ORDER BY claim_id;
