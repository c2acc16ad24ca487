-- name: claim-evidence
-- answers: the evidence of one claim: its sentence, where it is in the input file, and the article
-- params: :claim (a claim id, as the other queries print it)
SELECT claim_id AS claim, subject, relation, object, polarity, modality, rule, path, url,
       span_start, span_end, evidence
FROM claims_view
WHERE claim_id = :claim;
