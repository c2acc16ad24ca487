/* The subcommands of kg. Each is `int kg_cmd_NAME(int argc, char **argv)` where argv[0]
 * is the subcommand name; it parses its own options, prints --help on stdout (exit 0),
 * and returns an exit status:
 *   0 success; 1 some input was bad (the rest was still processed); 2 usage error;
 *   3 data or database error (nothing written); 4 internal error.
 * Each lives in cli/cmd_NAME.c; main.c only dispatches. */
#ifndef KG_COMMANDS_H
#define KG_COMMANDS_H
#include <stdbool.h>
#include <stdio.h>

enum { KG_EXIT_OK = 0, KG_EXIT_INPUT = 1, KG_EXIT_USAGE = 2, KG_EXIT_DATA = 3, KG_EXIT_INTERNAL = 4 };

int kg_cmd_extract(int argc, char **argv);   /* cmd_extract.c */
int kg_cmd_ingest(int argc, char **argv);    /* cmd_ingest.c */
int kg_cmd_query(int argc, char **argv);     /* cmd_query.c */
int kg_cmd_sql(int argc, char **argv);       /* cmd_sql.c */
int kg_cmd_summary(int argc, char **argv);   /* cmd_summary.c */
int kg_cmd_graph(int argc, char **argv);     /* cmd_graph.c */
int kg_cmd_compare(int argc, char **argv);   /* cmd_compare.c */
int kg_cmd_normalize(int argc, char **argv); /* cmd_text.c */
int kg_cmd_sentences(int argc, char **argv); /* cmd_text.c */
int kg_cmd_entities(int argc, char **argv);  /* cmd_entities.c */
int kg_cmd_rules(int argc, char **argv);     /* cmd_rules.c */

/* Registers where the data files are (kg_data.h): share/kg beside an installed binary,
 * else the source tree the binary was built from. */
void kg_cli_register_data_dir(void);
/* Prints the version, the data directory in use and the database kg would open
 * (kg --version). */
void kg_cli_version(FILE *out);
/* The database path: --db value if given, else $KG_DB, else "out/kg.sqlite". */
const char *kg_cli_db_path(const char *option_value);
/* The options kg query and kg sql share: --db FILE, --format F, --param NAME=VALUE.
 * When argv[*i] is one of them, consumes it and its value (advancing *i) and returns 1;
 * returns 0 when it is not one; -1 after printing a usage error. */
struct kg_query_options;
int kg_cli_query_option(const char *command, int argc, char **argv, int *i,
                        struct kg_query_options *o);

/* Matches option `name` at argv[*i], as "--name VALUE" or "--name=VALUE": returns 1 and
 * sets *value (advancing *i past a separate value), 0 when argv[*i] is another option,
 * -1 when the value is missing. */
int kg_cli_option(int argc, char **argv, int *i, const char *name, const char **value);
/* The exit status for a kg error code (KG_EUSAGE -> 2, KG_EINTERNAL -> 4, else 3). */
int kg_cli_exit_for(int code);

/* Whether writing output would overwrite the database db_path or one of its companion
 * files (-wal, -shm, -journal): the same file by device and inode, so a symbolic or hard
 * link to it counts. A path that does not exist yet is never the database. */
bool kg_cli_output_is_db(const char *output, const char *db_path);

/* Prints "kg NAME: message" on stderr. */
void kg_cli_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
