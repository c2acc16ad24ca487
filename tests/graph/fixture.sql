-- Test fixture for kg graph and kg compare: three articles (two English, one Persian)
-- about the same company, written the way `kg ingest` stores them (queries/schema.sql).
-- Expected graph: 9 nodes (4 entities, 4 amounts, 1 literal), 11 edges.
-- Expected compare: 10 claim keys (1 shared by all, 1 by some, 8 unique), one polarity
-- contradiction (monetizes Llama, articles 1 and 2), two value contradictions on capex
-- 2025 (60–80B vs 100B; 100B vs about 70B), none for capex 2024.

INSERT INTO articles (article_id, path, doc_id, title, outlet, url, lang, published, format, content_hash, bytes) VALUES
 (1, 'corpus/en/meta-capex.md', 'a1', 'Meta plans record AI spending', 'TechWire', 'https://example.com/a1?x=1&y=2', 'en', '2025-01-30', 'markdown', 'h1', 1000),
 (2, 'corpus/fa/meta-llama.txt', 'a2', 'متا و لاما', 'Zoomit', 'https://example.ir/a2', 'fa', '2025-02-01', 'text', 'h2', 2000),
 (3, 'corpus/en/meta-aws.html', 'a3', 'Meta widens cloud partners', 'TechWire', 'https://example.com/a3', 'en', '2025-02-03', 'html', 'h3', 3000);

INSERT INTO sentences (sentence_id, article_id, seq, span_start, span_end, lang, text, norm) VALUES
 (11, 1, 0, 0, 40, 'en', 'Mark Zuckerberg is the chief executive of Meta.', 'mark zuckerberg is the chief executive of meta.'),
 (12, 1, 1, 41, 80, 'en', 'Meta develops the Llama models.', 'meta develops the llama models.'),
 (13, 1, 2, 81, 140, 'en', 'Meta plans to spend $60-80 billion on capital expenditure in 2025.', 'meta plans to spend $60-80 billion in 2025.'),
 (14, 1, 3, 141, 200, 'en', 'Zuckerberg said Meta does not sell Llama, unlike Snowflake.', 'zuckerberg said meta does not sell llama, unlike snowflake.'),
 (15, 1, 4, 201, 230, 'en', 'The weather was mild.', 'the weather was mild.'),
 (21, 2, 0, 0, 60, 'fa', 'مارک زاکربرگ مدیرعامل متا است.', 'مارک زاکربرگ مدیرعامل متا است'),
 (22, 2, 1, 61, 120, 'fa', 'به گزارش رسانه‌ها متا لاما را توسعه می‌دهد.', 'به گزارش رسانه ها متا لاما را توسعه می دهد'),
 (23, 2, 2, 121, 180, 'fa', 'طبق پرونده دادگاه، متا از لاما درآمد کسب می‌کند.', 'طبق پرونده دادگاه متا از لاما درآمد کسب می کند'),
 (24, 2, 3, 181, 240, 'fa', 'متا قصد دارد در سال ۲۰۲۵ صد میلیارد دلار هزینه کند.', 'متا قصد دارد در سال 2025 صد میلیارد دلار هزینه کند'),
 (25, 2, 4, 241, 300, 'fa', 'گزارش شده متا سهمی از درآمد میزبان‌ها می‌گیرد.', 'گزارش شده متا سهمی از درآمد میزبان ها می گیرد'),
 (26, 2, 5, 301, 330, 'fa', 'این خبر مهم است.', 'این خبر مهم است'),
 (31, 3, 0, 0, 50, 'en', 'Mark Zuckerberg, Meta''s CEO, spoke on Tuesday.', 'mark zuckerberg, meta''s ceo, spoke on tuesday.'),
 (32, 3, 1, 51, 90, 'en', 'Meta hosts Llama on AWS.', 'meta hosts llama on aws.'),
 (33, 3, 2, 91, 130, 'en', 'AWS also serves "Meta AI" \ its apps.', 'aws also serves "meta ai" \ its apps.'),
 (34, 3, 3, 131, 180, 'en', 'Meta will spend about $70 billion in 2025.', 'meta will spend about $70 billion in 2025.'),
 (35, 3, 4, 181, 230, 'en', 'It spent $20 billion in 2024.', 'it spent $20 billion in 2024.');

INSERT INTO entities (entity_id, key, name, name_fa, type, qid) VALUES
 (1, 'meta', 'Meta', 'متا', 'ORG', 'Q380'),
 (2, 'mark-zuckerberg', 'Mark Zuckerberg', 'مارک زاکربرگ', 'PERSON', 'Q36215'),
 (3, 'llama', 'Llama', 'لاما', 'PRODUCT', NULL),
 (4, 'aws', 'AWS', 'خدمات وب آمازون', 'ORG', NULL),
 (5, 'snowflake', 'Snowflake', 'اسنوفلیک', 'ORG', NULL);

INSERT INTO quantities (quantity_id, low, high, unit, approx, name) VALUES
 (1, 60e9, 80e9, 'USD', 0, '60–80B USD'),
 (2, 100e9, 100e9, 'USD', 0, '100B USD'),
 (3, 70e9, 70e9, 'USD', 1, '~70B USD'),
 (4, 20e9, 20e9, 'USD', 0, '20B USD');

INSERT INTO mentions (sentence_id, entity_id, quantity_id, type, span_start, span_end, surface, time, via) VALUES
 (11, 2, NULL, 'PERSON', 0, 15, 'Mark Zuckerberg', NULL, 'lexicon'),
 (11, 1, NULL, 'ORG', 42, 46, 'Meta', NULL, 'lexicon'),
 (14, 2, NULL, 'PERSON', 141, 151, 'Zuckerberg', NULL, 'lexicon'),
 (14, 5, NULL, 'ORG', 190, 199, 'Snowflake', NULL, 'lexicon'),
 (13, NULL, 1, 'MONEY', 100, 115, '$60-80 billion', NULL, 'quantity'),
 (21, 1, NULL, 'ORG', 30, 36, 'متا', NULL, 'lexicon'),
 (32, 4, NULL, 'ORG', 70, 73, 'AWS', NULL, 'lexicon');

-- claims: (article, sentence, subject, relation, object entity | amount | literal,
--          polarity, modality, source, time)
INSERT INTO claims (claim_id, article_id, sentence_id, subject_id, relation, object_id, object_quantity_id, object_literal, polarity, modality, source_id, source_name, time, confidence, rule, span_start, span_end) VALUES
 (101, 1, 11, 2, 'ceo-of',        1,    NULL, NULL, '+', 'asserted', NULL, NULL, NULL, 0.9, 'en.ceo', 0, 40),
 (102, 1, 12, 1, 'develops',      3,    NULL, NULL, '+', 'asserted', NULL, NULL, NULL, 0.9, 'en.develops', 41, 80),
 (103, 1, 13, 1, 'capex',         NULL, 1,    NULL, '+', 'planned',  NULL, NULL, '2025', 0.8, 'en.capex', 81, 140),
 (104, 1, 14, 1, 'monetizes',     3,    NULL, NULL, '-', 'asserted', 2, 'Mark Zuckerberg', NULL, 0.7, 'en.sell', 141, 200),
 (201, 2, 21, 2, 'ceo-of',        1,    NULL, NULL, '+', 'asserted', NULL, NULL, NULL, 0.9, 'fa.ceo', 0, 60),
 (202, 2, 22, 1, 'develops',      3,    NULL, NULL, '+', 'reported', NULL, NULL, NULL, 0.9, 'fa.develops', 61, 120),
 (203, 2, 23, 1, 'monetizes',     3,    NULL, NULL, '+', 'reported', NULL, 'پرونده دادگاه', NULL, 0.7, 'fa.income', 121, 180),
 (204, 2, 24, 1, 'capex',         NULL, 2,    NULL, '+', 'planned',  NULL, NULL, '2025', 0.8, 'fa.capex', 181, 240),
 (205, 2, 25, 1, 'revenue-share', NULL, NULL, 'سهم از درآمد میزبان‌ها', '+', 'reported', NULL, NULL, NULL, 0.6, 'fa.share', 241, 300),
 (301, 3, 31, 2, 'ceo-of',        1,    NULL, NULL, '+', 'asserted', NULL, NULL, NULL, 0.9, 'en.ceo2', 0, 50),
 (302, 3, 32, 1, 'hosts-partner', 4,    NULL, NULL, '+', 'asserted', NULL, NULL, NULL, 0.9, 'en.hosts', 51, 90),
 (303, 3, 33, 1, 'hosts-partner', 4,    NULL, NULL, '+', 'asserted', NULL, NULL, NULL, 0.9, 'en.hosts', 91, 130),
 (304, 3, 34, 1, 'capex',         NULL, 3,    NULL, '+', 'planned',  NULL, NULL, '2025', 0.8, 'en.capex', 131, 180),
 (305, 3, 35, 1, 'capex',         NULL, 4,    NULL, '+', 'planned',  NULL, NULL, '2024', 0.8, 'en.capex', 181, 230);

-- Writers index their sentences themselves (queries/schema.sql).
INSERT INTO sentences_fts(rowid, norm) SELECT sentence_id, norm FROM sentences;
