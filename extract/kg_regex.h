/* kg_regex: compiling the PCRE2 patterns of kg's data files, one way for every module.
 *
 * Patterns are compiled with UTF and UCP (plus the caller's options) and JIT-compiled,
 * unless $KG_PCRE2_JIT is "0" (valgrind cannot see into JIT code and reports its reads
 * as uninitialised). The result is freed with pcre2_code_free. */
#ifndef KG_REGEX_H
#define KG_REGEX_H
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>

/* Returns the compiled pattern, or NULL with *errcode and *erroffset set
 * (pcre2_get_error_message turns the code into text). */
pcre2_code *kg_regex_compile(const char *pattern, uint32_t options, int *errcode,
                             size_t *erroffset);

#endif
