/* SPDX-License-Identifier: MIT */
/*
 * vigil-verify's command line, apart from main() so that the unit tests
 * can run it in-process (under ASan) with their own output streams.
 */
#ifndef VERIFIER_CLI_H
#define VERIFIER_CLI_H

#include <stdio.h>

#define CLI_VERIFIED 0 /* everything held (or --help, or a log printed) */
#define CLI_FAILED 1   /* one line per failure was printed to out */
#define CLI_USAGE 2    /* bad options or an unreadable verifier input */

/* Runs vigil-verify with argv; results go to out, usage errors to err.
 * Resets getopt's state first, so it can be called more than once. */
int cli_main(int argc, char **argv, FILE *out, FILE *err);

/* The --help text. */
void cli_usage(FILE *out);

#endif /* VERIFIER_CLI_H */
