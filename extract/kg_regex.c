/* kg_regex: see kg_regex.h. */
#include "kg_regex.h"

#include <stdlib.h>
#include <string.h>

pcre2_code *kg_regex_compile(const char *pattern, uint32_t options, int *errcode,
                             size_t *erroffset) {
    PCRE2_SIZE offset = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | options, errcode, &offset, NULL);
    *erroffset = (size_t)offset;
    if (!re) return NULL;
    const char *jit = getenv("KG_PCRE2_JIT");
    if (!jit || strcmp(jit, "0")) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* else interpreted */
    return re;
}
