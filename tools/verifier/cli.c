/* SPDX-License-Identifier: MIT */
/* vigil-verify's options, inputs and output; see cli.h. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "file.h"
#include "hex.h"
#include "signature.h"
#include "verify.h"

#define ERR_MAX 200
#define FILES_MAX 16

static const char usage_text[] =
	"Usage: vigil-verify [OPTION]...\n"
	"Checks a Vigil partition's attestation: its quote, certificate chain,\n"
	"measurements and event log. Prints VERIFIED and exits 0 if everything\n"
	"holds; otherwise prints one line per failure, \"<name>: <detail>\", and\n"
	"exits 1. Exits 2 on a usage error or an unreadable verifier input.\n"
	"\n"
	"What the partition hands over:\n"
	"  --quote FILE       the quote as Vigil returns it: a TPM2B_ATTEST, then\n"
	"                     a TPMT_SIGNATURE (ECDSA P-256, SHA-256)\n"
	"  --quote-msg FILE   or the TPMS_ATTEST alone (as tpm2_quote -m writes it)\n"
	"  --quote-sig FILE   and the TPMT_SIGNATURE alone (as tpm2_quote -s does)\n"
	"  --certs FILE       the certificates DeviceID, Alias, AK: given once, a\n"
	"                     file of DER certificates back to back or of PEM\n"
	"                     blocks; or given three times, one certificate (PEM or\n"
	"                     DER) each, in that order\n"
	"  --event-log FILE   the TCG PC Client crypto-agile event log (SHA-256)\n"
	"\n"
	"What the verifier trusts and expects:\n"
	"  --nonce-hex HEX    the nonce it issued, 1 to 64 bytes in hex; the quote's\n"
	"                     extraData must be these bytes exactly\n"
	"  --nonce-file FILE  the same, as the file's raw bytes\n"
	"  --device-id FILE   the pinned DeviceID certificate (PEM or DER): the only\n"
	"                     trust anchor\n"
	"  --refs FILE        reference digests, one \"<64 hex> <kind> <name>\" a line;\n"
	"                     kind \"vigil\" is a Vigil image (the Alias certificate's\n"
	"                     TcbInfo FWID), \"partition\" a guest image (the AK\n"
	"                     certificate's FWID and the log's vPCR 0 event); lines\n"
	"                     starting with '#' are comments\n"
	"  --partition NAME   the expected partition name (the AK certificate's CN)\n"
	"  --reference-values FILE\n"
	"                     instead of --device-id and --refs: the JSON file\n"
	"                     `make reference-values` writes. Its DeviceID\n"
	"                     certificate is the pinned one, its Vigil image digest\n"
	"                     the Vigil reference, and the partition's entry (chosen\n"
	"                     by --partition, needed when it lists more than one)\n"
	"                     gives the image digest and the launch events the log\n"
	"                     must hold: the config's and the partition's config\n"
	"                     node digests on vPCR 1, the launch-policy event on\n"
	"                     vPCR 2, each vPCR replaying to its expected value\n"
	"\n"
	"A quote from a real TPM (no certificates: says nothing about software):\n"
	"  --quote-only       check only the quote's form, signature, nonce and PCR\n"
	"                     digest; prints \"QUOTE OK\" instead of VERIFIED\n"
	"  --ak-key FILE      the AK's public key (PEM or DER SubjectPublicKeyInfo)\n"
	"  --pcrs FILE        the PCR values as tpm2_quote -o writes them; their\n"
	"                     selection must be the signed quote's (or --event-log)\n"
	"\n"
	"Other:\n"
	"  --print-pcrs       print \"vpcr <n>: <hex>\" for each vPCR the signed quote\n"
	"                     selects, as the event log replays it; with --event-log\n"
	"                     alone, for each vPCR the log extends\n"
	"  -v, --verbose      also print what was checked, as \"info: \" lines\n"
	"  -h, --help         print this help\n"
	"\n"
	"Full verification needs --quote (or --quote-msg and --quote-sig), one of\n"
	"--nonce-hex and --nonce-file, --certs, --event-log, and --device-id with\n"
	"--refs or else --reference-values.\n"
	"\n"
	"Failure names (each failure line starts with one):\n"
	"  bad signature, nonce mismatch, malformed quote, chain broken,\n"
	"  unknown vigil measurement, unknown partition measurement,\n"
	"  wrong partition, event log does not replay,\n"
	"  pcr values mismatch (--pcrs only),\n"
	"  config mismatch, launch policy mismatch (--reference-values only)\n";

void cli_usage(FILE *out)
{
	fputs(usage_text, out);
}

enum option_id {
	OPT_QUOTE = 256, OPT_QUOTE_MSG, OPT_QUOTE_SIG, OPT_CERTS, OPT_LOG,
	OPT_NONCE_HEX, OPT_NONCE_FILE, OPT_DEVICE_ID, OPT_REFS, OPT_PARTITION,
	OPT_QUOTE_ONLY, OPT_AK_KEY, OPT_PCRS, OPT_PRINT_PCRS, OPT_REFVALS,
};

static const struct option long_options[] = {
	{ "quote", required_argument, NULL, OPT_QUOTE },
	{ "quote-msg", required_argument, NULL, OPT_QUOTE_MSG },
	{ "quote-sig", required_argument, NULL, OPT_QUOTE_SIG },
	{ "certs", required_argument, NULL, OPT_CERTS },
	{ "event-log", required_argument, NULL, OPT_LOG },
	{ "nonce-hex", required_argument, NULL, OPT_NONCE_HEX },
	{ "nonce-file", required_argument, NULL, OPT_NONCE_FILE },
	{ "device-id", required_argument, NULL, OPT_DEVICE_ID },
	{ "refs", required_argument, NULL, OPT_REFS },
	{ "partition", required_argument, NULL, OPT_PARTITION },
	{ "reference-values", required_argument, NULL, OPT_REFVALS },
	{ "quote-only", no_argument, NULL, OPT_QUOTE_ONLY },
	{ "ak-key", required_argument, NULL, OPT_AK_KEY },
	{ "pcrs", required_argument, NULL, OPT_PCRS },
	{ "print-pcrs", no_argument, NULL, OPT_PRINT_PCRS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct options {
	const char *quote, *quote_msg, *quote_sig, *log;
	const char *certs[CERT_CHAIN_LEN];
	size_t cert_count;
	const char *nonce_hex, *nonce_file, *device_id, *refs, *partition;
	const char *ak_key, *pcrs, *refvals;
	bool quote_only, print_pcrs, verbose, help;
};

/* Everything one run holds, freed in one place. */
struct run {
	struct options o;
	uint8_t *files[FILES_MAX];
	size_t file_count;
	struct evidence ev;
	struct policy pol;
	uint8_t nonce[VIGIL_NONCE_MAX];
	mbedtls_x509_crt device_id;
	mbedtls_pk_context ak_key;
	struct refs refs;
	struct refvals refvals;
	struct verdict v;
	FILE *out, *err;
};

static int usage_error(FILE *err, const char *what)
{
	fprintf(err, "vigil-verify: %s\nTry 'vigil-verify --help'.\n", what);
	return CLI_USAGE;
}

/* Where an option that takes one string, once, keeps it; else NULL. */
static const char **string_slot(struct options *o, int c)
{
	switch (c) {
	case OPT_QUOTE:
		return &o->quote;
	case OPT_QUOTE_MSG:
		return &o->quote_msg;
	case OPT_QUOTE_SIG:
		return &o->quote_sig;
	case OPT_LOG:
		return &o->log;
	case OPT_NONCE_HEX:
		return &o->nonce_hex;
	case OPT_NONCE_FILE:
		return &o->nonce_file;
	case OPT_DEVICE_ID:
		return &o->device_id;
	case OPT_REFS:
		return &o->refs;
	case OPT_PARTITION:
		return &o->partition;
	case OPT_AK_KEY:
		return &o->ak_key;
	case OPT_PCRS:
		return &o->pcrs;
	case OPT_REFVALS:
		return &o->refvals;
	default:
		return NULL;
	}
}

/* Stores one option; false if unknown, or given more often than it may. */
static bool take_option(struct options *o, int c)
{
	const char **slot = string_slot(o, c);
	if (slot) {
		if (*slot)
			return false;
		*slot = optarg;
		return true;
	}
	switch (c) {
	case OPT_CERTS:
		if (o->cert_count == CERT_CHAIN_LEN)
			return false;
		o->certs[o->cert_count++] = optarg;
		break;
	case OPT_QUOTE_ONLY:
		o->quote_only = true;
		break;
	case OPT_PRINT_PCRS:
		o->print_pcrs = true;
		break;
	case 'v':
		o->verbose = true;
		break;
	case 'h':
		o->help = true;
		break;
	default:
		return false;
	}
	return true;
}

/* Returns -1 when parsed, else the exit code. */
static int parse_options(int argc, char **argv, struct options *o, FILE *err)
{
	int c;
	memset(o, 0, sizeof(*o));
	optind = 0; /* glibc: a full re-initialisation, for repeated runs */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "vh", long_options, NULL)) != -1) {
		if (c == '?' || c == ':')
			return usage_error(err, "unknown option or missing argument");
		if (!take_option(o, c))
			return usage_error(err, "an option is given more times than it may be");
	}
	if (optind < argc)
		return usage_error(err, "unexpected argument");
	return -1;
}

/* --event-log and --print-pcrs alone: print what the log replays to. */
static bool log_only(const struct options *o)
{
	return o->print_pcrs && o->log && !o->quote && !o->quote_msg &&
	       !o->quote_sig && !o->cert_count && !o->nonce_hex &&
	       !o->nonce_file && !o->device_id && !o->refs && !o->partition &&
	       !o->ak_key && !o->pcrs && !o->quote_only && !o->refvals;
}

static const char *check_quote_only(const struct options *o)
{
	if (o->cert_count || o->device_id || o->refs || o->partition ||
	    o->refvals)
		return "--quote-only takes no --certs, --device-id, --refs, --reference-values or --partition";
	if (!o->ak_key)
		return "--quote-only needs --ak-key";
	if (!o->pcrs && !o->log)
		return "--quote-only needs --pcrs or --event-log";
	return NULL;
}

static const char *check_full(const struct options *o)
{
	if (o->ak_key || o->pcrs)
		return "--ak-key and --pcrs go with --quote-only";
	if (o->cert_count != 1 && o->cert_count != CERT_CHAIN_LEN)
		return "give --certs once (the chain) or three times (DeviceID, Alias, AK)";
	if (o->refvals && (o->device_id || o->refs))
		return "--reference-values replaces --device-id and --refs";
	if (!o->device_id && !o->refvals)
		return "no --device-id (the pinned DeviceID certificate) or --reference-values";
	if (!o->refs && !o->refvals)
		return "no --refs (the reference digests) or --reference-values";
	if (!o->log)
		return "no --event-log";
	return NULL;
}

/* NULL if the options make one of the three modes, else what is wrong. */
static const char *check_mode(const struct options *o)
{
	bool split = o->quote_msg || o->quote_sig;
	if (log_only(o))
		return NULL;
	if (o->quote && split)
		return "give --quote, or --quote-msg with --quote-sig, not both";
	if (split && !(o->quote_msg && o->quote_sig))
		return "--quote-msg and --quote-sig go together";
	if (!o->quote && !split)
		return "no quote (--quote, or --quote-msg with --quote-sig)";
	if (!o->nonce_hex == !o->nonce_file)
		return "give one of --nonce-hex and --nonce-file";
	return o->quote_only ? check_quote_only(o) : check_full(o);
}

/* Reads a file the run keeps until the end; false (reported) if it cannot. */
static bool load(struct run *run, const char *path, struct blob *b)
{
	char err[ERR_MAX];
	uint8_t *data;
	size_t len;
	if (!path)
		return true;
	if (run->file_count == FILES_MAX ||
	    !file_read(path, &data, &len, err, sizeof(err))) {
		fprintf(run->err, "vigil-verify: %s\n",
			run->file_count == FILES_MAX ? "too many files" : err);
		return false;
	}
	run->files[run->file_count++] = data;
	b->data = data;
	b->len = len;
	return true;
}

static bool load_evidence(struct run *run)
{
	const struct options *o = &run->o;
	struct evidence *ev = &run->ev;
	bool ok = load(run, o->quote, &ev->quote) &&
		  load(run, o->quote_msg, &ev->attest) &&
		  load(run, o->quote_sig, &ev->signature) &&
		  load(run, o->log, &ev->log) && load(run, o->pcrs, &ev->pcrs);
	for (size_t i = 0; ok && i < o->cert_count; i++)
		ok = load(run, o->certs[i], &ev->certs[i]);
	ev->cert_count = o->cert_count;
	return ok;
}

static bool load_nonce(struct run *run)
{
	const struct options *o = &run->o;
	struct blob file = { NULL, 0 };
	size_t len = 0;
	bool ok;
	if (o->nonce_hex) {
		ok = hex_decode(o->nonce_hex, strlen(o->nonce_hex), run->nonce,
				sizeof(run->nonce), &len);
	} else {
		if (!load(run, o->nonce_file, &file))
			return false;
		ok = file.len <= sizeof(run->nonce);
		if (ok) {
			memcpy(run->nonce, file.data, file.len);
			len = file.len;
		}
	}
	if (!ok || len == 0) {
		fprintf(run->err, "vigil-verify: the nonce must be 1 to %d bytes%s\n",
			VIGIL_NONCE_MAX, o->nonce_hex ? " of hex" : "");
		return false;
	}
	run->pol.nonce = run->nonce;
	run->pol.nonce_len = len;
	return true;
}

/* One reference digest of --reference-values, as --refs would give it. */
static void add_ref(struct refs *refs, enum ref_kind kind,
		    const uint8_t digest[VIGIL_DIGEST_SIZE], const char *name)
{
	struct ref *ref = &refs->item[refs->count++];
	ref->kind = kind;
	memcpy(ref->digest, digest, VIGIL_DIGEST_SIZE);
	snprintf(ref->name, sizeof(ref->name), "%s", name);
}

/* --reference-values (text, NUL-terminated): the pinned DeviceID, Vigil's
 * and the chosen partition's image digests, and its launch events. */
static bool load_refvals(struct run *run, const struct blob *b, char *err,
			 size_t err_size)
{
	struct refvals *rv = &run->refvals;
	const struct refval_partition *p = NULL;
	char why[ERR_MAX];
	if (!refvals_parse((const char *)b->data, b->len, rv, err, err_size))
		return false;
	if (run->o.partition && !(p = refvals_find(rv, run->o.partition)))
		snprintf(err, err_size, "no partition '%.40s' in them",
			 run->o.partition);
	else if (!run->o.partition && rv->count != 1)
		snprintf(err, err_size,
			 "they list %zu partitions: choose one with --partition",
			 rv->count);
	else if (!p)
		p = &rv->part[0];
	if (!p)
		return false;
	if (!cert_load_one(&run->device_id, (const uint8_t *)rv->device_id_pem,
			   strlen(rv->device_id_pem), why, sizeof(why))) {
		snprintf(err, err_size, "device_id_cert_pem: %.150s", why);
		return false;
	}
	run->refs.count = 0;
	add_ref(&run->refs, REF_VIGIL, rv->vigil, "Vigil");
	add_ref(&run->refs, REF_PARTITION, p->image, p->name);
	run->pol.device_id = &run->device_id;
	run->pol.refs = &run->refs;
	run->pol.partition = p->name;
	run->pol.refvals = rv;
	run->pol.expected = p;
	return true;
}

/* What the verifier trusts; failures here are the verifier's, exit 2. */
static bool load_policy(struct run *run)
{
	const struct options *o = &run->o;
	struct blob b = { NULL, 0 };
	char err[ERR_MAX];
	const char *which = NULL;

	if (!load_nonce(run))
		return false;
	run->pol.partition = o->partition;
	if (o->device_id) {
		which = "--device-id";
		if (!load(run, o->device_id, &b))
			return false;
		if (!cert_load_one(&run->device_id, b.data, b.len, err, sizeof(err)))
			goto bad;
		run->pol.device_id = &run->device_id;
	}
	if (o->refs) {
		which = "--refs";
		if (!load(run, o->refs, &b))
			return false;
		if (!refs_parse((const char *)b.data, b.len, &run->refs, err,
				sizeof(err)))
			goto bad;
		run->pol.refs = &run->refs;
	}
	if (o->refvals) {
		which = "--reference-values";
		if (!load(run, o->refvals, &b))
			return false;
		if (!load_refvals(run, &b, err, sizeof(err)))
			goto bad;
	}
	if (o->ak_key) {
		which = "--ak-key";
		if (!load(run, o->ak_key, &b))
			return false;
		if (!signature_load_key(&run->ak_key, b.data, b.len, err,
					sizeof(err)))
			goto bad;
		run->pol.ak_key = &run->ak_key;
	}
	return true;
bad:
	fprintf(run->err, "vigil-verify: %s: %s\n", which, err);
	return false;
}

static void print_pcrs(struct run *run, uint32_t mask)
{
	char hex[2 * VIGIL_DIGEST_SIZE + 1];
	if (!run->v.log_ok)
		return;
	for (unsigned i = 0; i < VIGIL_VPCR_COUNT; i++)
		if (mask & (UINT32_C(1) << i))
			fprintf(run->out, "vpcr %u: %s\n", i,
				hex_encode(run->v.log.pcr[i], VIGIL_DIGEST_SIZE,
					   hex, sizeof(hex)));
}

static int run_log_only(struct run *run)
{
	char err[ERR_MAX];
	if (!load(run, run->o.log, &run->ev.log))
		return CLI_USAGE;
	run->v.log_ok = evlog_replay(run->ev.log.data, run->ev.log.len,
				     &run->v.log, err, sizeof(err));
	if (!run->v.log_ok) {
		report_fail(&run->v.report, FAIL_LOG_NO_REPLAY, "malformed: %s",
			    err);
		report_print(&run->v.report, run->out);
		return CLI_FAILED;
	}
	print_pcrs(run, run->v.log.extended_mask);
	return CLI_VERIFIED;
}

/* One FWID with the reference name it matched, for --verbose. */
static void print_fwid(struct run *run, enum cert_index i, enum ref_kind kind,
		       const char *what)
{
	const struct cert_tcb *t = &run->v.chain.tcb[i];
	char hex[2 * VIGIL_DIGEST_SIZE + 1];
	if (!t->present || !t->ok || t->tcb.sha256_fwids == 0)
		return;
	const struct ref *ref = refs_find(run->pol.refs, kind, t->tcb.fwid);
	fprintf(run->out, "info: %s FWID %s (%s)\n", what,
		hex_encode(t->tcb.fwid, VIGIL_DIGEST_SIZE, hex, sizeof(hex)),
		ref ? ref->name : "no reference");
}

static void print_info(struct run *run)
{
	const struct quote *q = &run->v.quote;
	char text[96];
	if (q->attest_ok) {
		pcr_mask_text(q->pcr_mask, text, sizeof(text));
		fprintf(run->out,
			"info: quote: clock %llu resetCount %lu restartCount %lu safe %u firmwareVersion 0x%llx vPCRs %s\n",
			(unsigned long long)q->clock,
			(unsigned long)q->reset_count,
			(unsigned long)q->restart_count, q->safe,
			(unsigned long long)q->firmware_version, text);
	}
	if (run->v.chain.loaded &&
	    cert_common_name(chain_cert(&run->v.chain, CERT_AK), text,
			     sizeof(text)))
		fprintf(run->out, "info: AK certificate CN '%s'\n", text);
	if (run->v.chain.loaded) {
		print_fwid(run, CERT_ALIAS, REF_VIGIL, "Alias (Vigil)");
		print_fwid(run, CERT_AK, REF_PARTITION, "AK (partition image)");
	}
	if (run->pol.expected)
		fprintf(run->out,
			"info: reference values: config '%s', partition '%s' (launch policy %s%s)\n",
			run->refvals.config_name, run->pol.expected->name,
			run->pol.expected->verify ? "verify" : "measure",
			run->pol.expected->refused ? ", refused" : "");
	if (run->v.log_ok) {
		pcr_mask_text(run->v.log.extended_mask, text, sizeof(text));
		fprintf(run->out, "info: event log: %zu events on vPCRs %s\n",
			run->v.log.events, text);
	}
}

static int run_checks(struct run *run)
{
	if (!load_evidence(run) || !load_policy(run))
		return CLI_USAGE;
	verify(&run->ev, &run->pol, &run->v);
	if (run->o.print_pcrs && run->v.quote.attest_ok)
		print_pcrs(run, run->v.quote.pcr_mask);
	if (run->o.verbose)
		print_info(run);
	if (!report_ok(&run->v.report)) {
		report_print(&run->v.report, run->out);
		return CLI_FAILED;
	}
	fputs(run->o.quote_only ?
		      "QUOTE OK (no certificate chain: measurements and partition not checked)\n" :
		      "VERIFIED\n",
	      run->out);
	return CLI_VERIFIED;
}

static void run_free(struct run *run)
{
	for (size_t i = 0; i < run->file_count; i++)
		free(run->files[i]);
	mbedtls_x509_crt_free(&run->device_id);
	mbedtls_pk_free(&run->ak_key);
	verdict_free(&run->v);
	free(run);
}

int cli_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct run *run = calloc(1, sizeof(*run));
	if (!run) {
		fputs("vigil-verify: out of memory\n", err);
		return CLI_USAGE;
	}
	run->out = out;
	run->err = err;
	mbedtls_x509_crt_init(&run->device_id);
	mbedtls_pk_init(&run->ak_key);
	verdict_init(&run->v);

	int rc = parse_options(argc, argv, &run->o, err);
	const char *wrong = NULL;
	if (rc < 0 && run->o.help) {
		cli_usage(out);
		rc = CLI_VERIFIED;
	} else if (rc < 0 && (wrong = check_mode(&run->o)) != NULL) {
		rc = usage_error(err, wrong);
	} else if (rc < 0) {
		rc = log_only(&run->o) ? run_log_only(run) : run_checks(run);
	}
	run_free(run);
	return rc;
}
