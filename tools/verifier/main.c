/* SPDX-License-Identifier: MIT */
/* vigil-verify: checks a Vigil partition's attestation; see cli.c. */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv, stdout, stderr);
}
