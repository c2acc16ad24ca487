# Lexicon area: the entity lists in extract/lexicon/*.tsv are well formed (7 columns,
# unique ids, known types, owners defined, QIDs shaped Q<n>, no surface form on two
# entities), and the checker itself catches each kind of bad row.
add_test(NAME lexicon_check
         COMMAND python3 ${CMAKE_SOURCE_DIR}/tools/check-lexicon ${CMAKE_SOURCE_DIR}/extract/lexicon)
add_test(NAME lexicon_check_selftest
         COMMAND python3 ${CMAKE_SOURCE_DIR}/tools/check-lexicon --self-test)
# Surface forms of the seed article and of everyday Persian: each names the right entity,
# and ordinary words ("دل" heart, "ماسک" mask, "سیب" apple fruit) name none.
add_test(NAME lexicon_seed_forms
         COMMAND python3 ${CMAKE_SOURCE_DIR}/tools/check-lexicon --expect
                 ${CMAKE_SOURCE_DIR}/extract/lexicon
                 "متا=meta" "Meta=meta" "Meta Platforms=meta" "لاما=llama" "Llama=llama"
                 "Meta AI=meta-ai" "مارک زاکربرگ=mark-zuckerberg" "زاکربرگ=mark-zuckerberg"
                 "AWS=aws" "Amazon Web Services=aws" "آمازون وب سرویسز=aws"
                 "Nvidia=nvidia" "انویدیا=nvidia" "Databricks=databricks" "دیتابریکس=databricks"
                 "Groq=groq" "گراک=groq" "Dell=dell" "Azure=azure" "Microsoft Azure=azure"
                 "آژور=azure" "Google Cloud=google-cloud" "گوگل کلاد=google-cloud"
                 "گوگل‌کلود=google-cloud" "Snowflake=snowflake" "اسنوفلیک=snowflake"
                 "Kadrey v. Meta=kadrey-v-meta" "اوپن‌ای‌آی=openai" "اوپن ای آی=openai"
                 "مایکروسافت=microsoft" "Llama 3.1=llama-3-1" "لاما ۳٫۱=llama-3-1"
                 "Facebook=facebook" "Instagram=instagram" "ChatGPT=chatgpt"
                 "دل=-" "ماسک=-" "سیب=-" "X=-" "AI=-" "هوش مصنوعی=-")
