/* libFuzzer target: any bytes as a rule file. Must give a kg_error or a rule set,
 * never a crash, a leak, or a pattern compile that runs away. */
#include <stdint.h>

#include "kg_config.h"
#include "kg_data.h"
#include "kg_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    kg_data_dir_set(KG_SOURCE_DIR);
    kg_rules *rules = NULL;
    kg_error err;
    if (kg_rules_load_text("fuzz.rules", (const char *)data, size, NULL, &rules, &err) == KG_OK)
        kg_rules_free(rules);
    return 0;
}
