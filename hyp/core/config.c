/* SPDX-License-Identifier: MIT */
/*
 * Parses and validates the partition config (binding: README.md, "Partition
 * config"). The config comes from outside Vigil, so every property length is
 * checked before a cell is read, and the whole tree is checked with
 * fdt_check_full() before any node is visited.
 *
 * Errors are reported, not returned on the first one: each partition is
 * parsed and checked against the board, the reserved ranges and the
 * partitions before it; then each image is checked against every
 * partition's memory. A problem found by one check is not reported again by
 * a later check that depends on it (for example, a partition without usable
 * static memory gets no "image does not fit" error).
 */
#include <libfdt.h>
#include <stdarg.h>
#include <vigil/config.h>
#include <vigil/fdt_util.h>
#include <vigil/format.h>
#include <vigil/string.h>

#define CONFIG_MESSAGE_MAX 256
#define SHOWN_NAME_MAX 48 /* a node name as printed in messages */
#define CONFIG_ALIGN 0x1000ULL
#define KERNEL_COMPATIBLE "multiboot,kernel"

/* For "%llx": uint64_t is unsigned long on some targets, long long on others. */
#define ULL(x) ((unsigned long long)(x))
/* An inclusive range for messages: "0x%llx-0x%llx" of [base, base + size). */
#define RANGE "0x%llx-0x%llx"
#define RANGE_ARGS(base, size) ULL(base), ULL((base) + (size) - 1)

/* What the parser keeps about a partition besides its partition_config. */
struct part_state {
	const char *name; /* the node name up to any '@', as in the config */
	int name_len;
	char shown[SHOWN_NAME_MAX]; /* name, printable, for messages */
	bool name_ok;       /* valid and unique: copied to the config */
	int addr_cells;     /* the partition's #address-cells, 0 if invalid */
	int size_cells;     /* the partition's #size-cells, 0 if invalid */
	bool mem_complete;  /* every vigil,static-mem region is well-formed */
	bool image_ok;      /* image_pa and image_size are well-formed */
	bool load_ok;       /* load_ipa is known */
};

struct config_parser {
	const void *fdt;
	const struct board *board;
	const struct reserved_range *reserved;
	unsigned int reserved_count;
	const struct config_limits *limits;
	struct vigil_config *out;
	struct part_state state[CONFIG_MAX_PARTITIONS];
	config_report_fn report;
	void *ctx;
	int errors;
};

/*
 * Reports "config: partition '<name>': <what>: <message>", or
 * "config: /: <what>: <message>" if ps is NULL; what may be NULL.
 */
static void __attribute__((format(printf, 4, 5)))
report(struct config_parser *p, const struct part_state *ps, const char *what,
       const char *fmt, ...)
{
	char msg[CONFIG_MESSAGE_MAX];
	int n;
	if (ps)
		n = format(msg, sizeof(msg), "config: partition '%s': ",
			   ps->shown);
	else
		n = format(msg, sizeof(msg), "config: /: ");
	if (what && n >= 0 && (size_t)n < sizeof(msg))
		n += format(msg + n, sizeof(msg) - (size_t)n, "%s: ", what);
	if (n >= 0 && (size_t)n < sizeof(msg)) {
		va_list ap;
		va_start(ap, fmt);
		format_v(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	p->report(p->ctx, msg);
	p->errors++;
}

/* A property's value and its length in bytes; NULL if absent. */
static const uint32_t *prop(const struct config_parser *p, int node,
			    const char *name, int *len)
{
	const uint32_t *v = fdt_getprop(p->fdt, node, name, len);
	if (!v)
		*len = 0;
	return v;
}

/*
 * Reads a cell-count property (#address-cells and the like): 1 or 2,
 * default 2. Returns the count, or 0 after reporting a malformed one.
 */
static int read_cell_count(struct config_parser *p, struct part_state *ps,
			   int node, const char *name)
{
	int len;
	const uint32_t *v = prop(p, node, name, &len);
	if (!v)
		return 2;
	if (len != 4) {
		report(p, ps, name, "is 0x%x bytes long, not one cell", len);
		return 0;
	}
	uint32_t cells = fdt32_to_cpu(*v);
	if (cells < 1 || cells > 2) {
		report(p, ps, name, "must be 1 or 2, not 0x%x", cells);
		return 0;
	}
	return (int)cells;
}

/*
 * Reads an optional property of exactly `cells` cells (an address) into *out.
 * Returns 1 if present and well-formed, 0 if absent, -1 after reporting.
 */
static int read_address(struct config_parser *p, struct part_state *ps,
			int node, const char *what, const char *name, int cells,
			uint64_t *out)
{
	int len;
	const uint32_t *v = prop(p, node, name, &len);
	if (!v)
		return 0;
	if (cells == 0) /* the partition's #address-cells, already reported */
		return -1;
	if (len != cells * 4) {
		report(p, ps, what, "is 0x%x bytes long, not 0x%x (#address-cells %d)",
		       len, cells * 4, cells);
		return -1;
	}
	*out = fdt_read_number(v, cells);
	return 1;
}

/* ---- Name ---- */

/*
 * Copies name[0, len) into dst for a message: bytes other than printable
 * ASCII become '?' (a damaged config must not break or forge log lines),
 * and a name too long for dst ends in "...".
 */
static void printable(char *dst, size_t size, const char *name, int len)
{
	size_t n = 0;
	for (; n + 1 < size && (int)n < len; n++) {
		char c = name[n];
		dst[n] = c >= 0x20 && c < 0x7f ? c : '?';
	}
	dst[n] = '\0';
	if ((int)n < len && n >= 3)
		memcpy(dst + n - 3, "...", 3);
}

/* The characters the devicetree specification allows in a node name. */
static bool name_chars_ok(const char *name, int len)
{
	for (int i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == ',' || c == '.' ||
		      c == '_' || c == '+' || c == '-'))
			return false;
	}
	return true;
}

static void parse_name(struct config_parser *p, unsigned int idx, int node)
{
	struct part_state *ps = &p->state[idx];
	struct partition_config *part = &p->out->part[idx];
	int len = 0;
	const char *name = fdt_get_name(p->fdt, node, &len);
	const char *at = name ? memchr(name, '@', (size_t)len) : NULL;
	ps->name = name ? name : "";
	ps->name_len = at ? (int)(at - name) : (name ? len : 0);
	printable(ps->shown, sizeof(ps->shown), ps->name, ps->name_len);
	if (ps->name_len == 0) {
		report(p, ps, "name", "empty");
		return;
	}
	if (ps->name_len > PARTITION_NAME_MAX - 1) {
		report(p, ps, "name", "longer than %d characters",
		       PARTITION_NAME_MAX - 1);
		return;
	}
	if (!name_chars_ok(ps->name, ps->name_len)) {
		report(p, ps, "name",
		       "may only contain letters, digits and \",._+-\"");
		return;
	}
	for (unsigned int i = 0; i < idx; i++) {
		const struct part_state *o = &p->state[i];
		if (o->name_ok && o->name_len == ps->name_len &&
		    memcmp(o->name, ps->name, (size_t)ps->name_len) == 0) {
			report(p, ps, "name", "another partition has this name");
			return;
		}
	}
	memcpy(part->name, ps->name, (size_t)ps->name_len);
	part->name[ps->name_len] = '\0';
	ps->name_ok = true;
}

/* ---- vigil,cpus ---- */

/* The partition before idx that has board CPU cpu, or -1. */
static int cpu_owner(const struct config_parser *p, unsigned int idx,
		     unsigned int cpu)
{
	for (unsigned int i = 0; i < idx; i++) {
		const struct partition_config *o = &p->out->part[i];
		for (unsigned int c = 0; c < o->cpu_count; c++) {
			if (o->cpu_index[c] == cpu)
				return (int)i;
		}
	}
	return -1;
}

static void add_cpu(struct config_parser *p, unsigned int idx, uint32_t mpidr)
{
	struct part_state *ps = &p->state[idx];
	struct partition_config *part = &p->out->part[idx];
	int cpu = board_cpu_index(p->board, mpidr);
	if (cpu < 0) {
		report(p, ps, "vigil,cpus", "CPU 0x%x is not on the board", mpidr);
		return;
	}
	for (unsigned int c = 0; c < part->cpu_count; c++) {
		if (part->cpu_index[c] == (unsigned int)cpu) {
			report(p, ps, "vigil,cpus", "CPU 0x%x is listed twice",
			       mpidr);
			return;
		}
	}
	int owner = cpu_owner(p, idx, (unsigned int)cpu);
	if (owner >= 0) {
		report(p, ps, "vigil,cpus",
		       "CPU 0x%x is already given to partition '%s'", mpidr,
		       p->state[owner].shown);
		return;
	}
	part->cpu_mpidr[part->cpu_count] = mpidr;
	part->cpu_index[part->cpu_count++] = (unsigned int)cpu;
}

static void parse_cpus(struct config_parser *p, unsigned int idx, int node)
{
	struct part_state *ps = &p->state[idx];
	int len;
	const uint32_t *v = prop(p, node, "vigil,cpus", &len);
	if (!v) {
		report(p, ps, "vigil,cpus", "missing");
		return;
	}
	if (len == 0) {
		report(p, ps, "vigil,cpus", "empty");
		return;
	}
	if (len % 4) {
		report(p, ps, "vigil,cpus",
		       "is 0x%x bytes long, not a whole number of cells", len);
		return;
	}
	if (len / 4 > PARTITION_MAX_CPUS) {
		report(p, ps, "vigil,cpus", "more than %d CPUs",
		       PARTITION_MAX_CPUS);
		return;
	}
	for (int i = 0; i < len / 4; i++)
		add_cpu(p, idx, fdt32_to_cpu(v[i]));
}

/* ---- vigil,static-mem ---- */

/* Checks one region's own shape; on failure it is not kept. */
static bool region_well_formed(struct config_parser *p, struct part_state *ps,
			       const struct mem_map *m)
{
	if (m->size == 0) {
		report(p, ps, "vigil,static-mem",
		       "guest 0x%llx, host 0x%llx: size is 0", ULL(m->ipa.ipa),
		       ULL(m->pa.pa));
		return false;
	}
	if ((m->ipa.ipa | m->pa.pa | m->size) & (CONFIG_ALIGN - 1)) {
		report(p, ps, "vigil,static-mem",
		       "guest 0x%llx, host 0x%llx, size 0x%llx: not 4 KiB aligned",
		       ULL(m->ipa.ipa), ULL(m->pa.pa), ULL(m->size));
		return false;
	}
	if (range_wraps(m->ipa.ipa, m->size) || range_wraps(m->pa.pa, m->size)) {
		report(p, ps, "vigil,static-mem",
		       "guest 0x%llx, host 0x%llx, size 0x%llx: wraps around the "
		       "end of the address space",
		       ULL(m->ipa.ipa), ULL(m->pa.pa), ULL(m->size));
		return false;
	}
	return true;
}

/* The guest range must lie below the limit, the host range in board memory. */
static void check_region_bounds(struct config_parser *p, struct part_state *ps,
				const struct mem_map *m)
{
	uint64_t limit = p->limits->ipa_size;
	if (!range_contains(0, limit, m->ipa.ipa, m->size))
		report(p, ps, "vigil,static-mem",
		       "guest " RANGE " is beyond the guest-physical limit 0x%llx",
		       RANGE_ARGS(m->ipa.ipa, m->size), ULL(limit));
	if (!board_memory_contains(p->board, m->pa.pa, m->size))
		report(p, ps, "vigil,static-mem",
		       "host " RANGE " is not inside one board memory bank",
		       RANGE_ARGS(m->pa.pa, m->size));
}

static void check_region_reserved(struct config_parser *p,
				  struct part_state *ps, const struct mem_map *m)
{
	for (unsigned int i = 0; i < p->reserved_count; i++) {
		const struct reserved_range *r = &p->reserved[i];
		if (ranges_overlap(m->pa.pa, m->size, r->base, r->size))
			report(p, ps, "vigil,static-mem",
			       "host " RANGE " overlaps %s (" RANGE ")",
			       RANGE_ARGS(m->pa.pa, m->size), r->what,
			       RANGE_ARGS(r->base, r->size));
	}
}

/* Against the host memory of the partitions before idx. */
static void check_region_others(struct config_parser *p, unsigned int idx,
				const struct mem_map *m)
{
	for (unsigned int i = 0; i < idx; i++) {
		const struct partition_config *o = &p->out->part[i];
		for (unsigned int r = 0; r < o->mem_count; r++) {
			const struct mem_map *om = &o->mem[r];
			if (ranges_overlap(m->pa.pa, m->size, om->pa.pa, om->size))
				report(p, &p->state[idx], "vigil,static-mem",
				       "host " RANGE " overlaps partition '%s' ("
				       RANGE ")",
				       RANGE_ARGS(m->pa.pa, m->size),
				       p->state[i].shown,
				       RANGE_ARGS(om->pa.pa, om->size));
		}
	}
}

/* Against the partition's own regions before this one, in both spaces. */
static void check_region_own(struct config_parser *p, unsigned int idx,
			     const struct mem_map *m)
{
	const struct partition_config *part = &p->out->part[idx];
	struct part_state *ps = &p->state[idx];
	for (unsigned int r = 0; r < part->mem_count; r++) {
		const struct mem_map *om = &part->mem[r];
		if (ranges_overlap(m->pa.pa, m->size, om->pa.pa, om->size))
			report(p, ps, "vigil,static-mem",
			       "host " RANGE " overlaps its region at host " RANGE,
			       RANGE_ARGS(m->pa.pa, m->size),
			       RANGE_ARGS(om->pa.pa, om->size));
		if (ranges_overlap(m->ipa.ipa, m->size, om->ipa.ipa, om->size))
			report(p, ps, "vigil,static-mem",
			       "guest " RANGE " overlaps its region at guest " RANGE,
			       RANGE_ARGS(m->ipa.ipa, m->size),
			       RANGE_ARGS(om->ipa.ipa, om->size));
	}
}

static bool add_region(struct config_parser *p, unsigned int idx,
		       const struct mem_map *m)
{
	struct partition_config *part = &p->out->part[idx];
	if (!region_well_formed(p, &p->state[idx], m))
		return false;
	check_region_bounds(p, &p->state[idx], m);
	check_region_reserved(p, &p->state[idx], m);
	check_region_others(p, idx, m);
	check_region_own(p, idx, m);
	part->mem[part->mem_count++] = *m;
	return true;
}

/* Returns the property's length in cells, or -1 after reporting. */
static int static_mem_cells(struct config_parser *p, struct part_state *ps,
			    const uint32_t *v, int len, int triple)
{
	if (!v) {
		report(p, ps, "vigil,static-mem", "missing");
		return -1;
	}
	if (len == 0 || len % (triple * 4)) {
		report(p, ps, "vigil,static-mem",
		       "is 0x%x bytes long, not a non-zero multiple of 0x%x "
		       "(guest base, host base, size)", len, triple * 4);
		return -1;
	}
	if (len / (triple * 4) > PARTITION_MAX_MEM) {
		report(p, ps, "vigil,static-mem", "more than %d regions",
		       PARTITION_MAX_MEM);
		return -1;
	}
	return len / 4;
}

static void parse_static_mem(struct config_parser *p, unsigned int idx,
			     int node)
{
	struct part_state *ps = &p->state[idx];
	int ac = read_cell_count(p, ps, node, "#vigil,static-mem-address-cells");
	int sc = read_cell_count(p, ps, node, "#vigil,static-mem-size-cells");
	int len;
	const uint32_t *v = prop(p, node, "vigil,static-mem", &len);
	if (ac == 0 || sc == 0)
		return;
	int triple = 2 * ac + sc;
	int cells = static_mem_cells(p, ps, v, len, triple);
	if (cells < 0)
		return;
	bool complete = true;
	for (int c = 0; c + triple <= cells; c += triple) {
		struct mem_map m = {
			.ipa = ipa_init(fdt_read_number(v + c, ac)),
			.pa = pa_init(fdt_read_number(v + c + ac, ac)),
			.size = fdt_read_number(v + c + 2 * ac, sc),
		};
		complete &= add_region(p, idx, &m);
	}
	ps->mem_complete = complete;
}

/* ---- The kernel module ---- */

static void report_two_kernels(struct config_parser *p, struct part_state *ps,
			       int first, int second)
{
	char a[SHOWN_NAME_MAX], b[SHOWN_NAME_MAX];
	int len = 0;
	const char *name = fdt_get_name(p->fdt, first, &len);
	printable(a, sizeof(a), name ? name : "", name ? len : 0);
	name = fdt_get_name(p->fdt, second, &len);
	printable(b, sizeof(b), name ? name : "", name ? len : 0);
	report(p, ps, "kernel",
	       "more than one subnode is \"" KERNEL_COMPATIBLE "\" ('%s' and '%s')",
	       a, b);
}

/* The one subnode compatible with "multiboot,kernel", or -1 after reporting. */
static int find_kernel(struct config_parser *p, struct part_state *ps,
		       int node)
{
	int found = -1, sub;
	fdt_for_each_subnode(sub, p->fdt, node) {
		if (!fdt_node_is_compatible(p->fdt, sub, KERNEL_COMPATIBLE))
			continue;
		if (found >= 0) {
			report_two_kernels(p, ps, found, sub);
			return -1;
		}
		found = sub;
	}
	if (found < 0)
		report(p, ps, "kernel",
		       "missing (no subnode is \"" KERNEL_COMPATIBLE "\")");
	return found;
}

/* Reads reg = <host-address size>; false after reporting. */
static bool read_image_reg(struct config_parser *p, struct part_state *ps,
			   int kernel, struct partition_config *part)
{
	int len;
	const uint32_t *v = prop(p, kernel, "reg", &len);
	int stride = (ps->addr_cells + ps->size_cells) * 4;
	if (!v) {
		report(p, ps, "kernel", "reg: missing");
		return false;
	}
	if (len != stride) {
		report(p, ps, "kernel",
		       "reg: is 0x%x bytes long, not one (address, size) pair "
		       "of 0x%x", len, stride);
		return false;
	}
	uint64_t base, size;
	fdt_read_reg(v, len, ps->addr_cells, ps->size_cells, 0, &base, &size);
	part->image_pa = pa_init(base);
	part->image_size = size;
	return true;
}

/* The image's host range: non-empty, no wrap, in memory, not reserved. */
static bool check_image_host(struct config_parser *p, struct part_state *ps,
			     const struct partition_config *part)
{
	uint64_t base = part->image_pa.pa, size = part->image_size;
	if (size == 0) {
		report(p, ps, "kernel", "image at 0x%llx is empty", ULL(base));
		return false;
	}
	if (range_wraps(base, size)) {
		report(p, ps, "kernel",
		       "image at 0x%llx of 0x%llx bytes wraps around the end of "
		       "the address space", ULL(base), ULL(size));
		return false;
	}
	if (!board_memory_contains(p->board, base, size))
		report(p, ps, "kernel",
		       "image " RANGE " is not inside one board memory bank",
		       RANGE_ARGS(base, size));
	for (unsigned int i = 0; i < p->reserved_count; i++) {
		const struct reserved_range *r = &p->reserved[i];
		if (ranges_overlap(base, size, r->base, r->size))
			report(p, ps, "kernel", "image " RANGE " overlaps %s (" RANGE
			       ")", RANGE_ARGS(base, size), r->what,
			       RANGE_ARGS(r->base, r->size));
	}
	return true;
}

/* [load, load + size) must lie inside one static-mem region. */
static void check_image_fits(struct config_parser *p, struct part_state *ps,
			     const struct partition_config *part)
{
	uint64_t load = part->load_ipa.ipa, size = part->image_size;
	if (!range_wraps(load, size)) {
		for (unsigned int r = 0; r < part->mem_count; r++) {
			const struct mem_map *m = &part->mem[r];
			if (range_contains(m->ipa.ipa, m->size, load, size))
				return;
		}
	}
	report(p, ps, "kernel",
	       "image of 0x%llx bytes does not fit in partition memory at 0x%llx",
	       ULL(size), ULL(load));
}

static void parse_load_address(struct config_parser *p, struct part_state *ps,
			       int kernel, struct partition_config *part)
{
	uint64_t load;
	int rc = read_address(p, ps, kernel, "kernel: vigil,load-address",
			      "vigil,load-address", ps->addr_cells, &load);
	if (rc < 0)
		return;
	if (rc == 0) {
		if (!ps->mem_complete) /* no first region to default to */
			return;
		load = part->mem[0].ipa.ipa;
	}
	part->load_ipa = ipa_init(load);
	ps->load_ok = true;
	if (ps->image_ok && ps->mem_complete)
		check_image_fits(p, ps, part);
}

static void parse_kernel(struct config_parser *p, unsigned int idx, int node)
{
	struct part_state *ps = &p->state[idx];
	struct partition_config *part = &p->out->part[idx];
	int kernel = find_kernel(p, ps, node);
	if (kernel < 0 || ps->addr_cells == 0 || ps->size_cells == 0)
		return;
	ps->image_ok = read_image_reg(p, ps, kernel, part) &&
		       check_image_host(p, ps, part);
	parse_load_address(p, ps, kernel, part);
}

/* ---- vigil,entry ---- */

static void parse_entry(struct config_parser *p, unsigned int idx, int node)
{
	struct part_state *ps = &p->state[idx];
	struct partition_config *part = &p->out->part[idx];
	uint64_t entry;
	int rc = read_address(p, ps, node, "vigil,entry", "vigil,entry",
			      ps->addr_cells, &entry);
	if (rc < 0 || !ps->load_ok)
		return;
	uint64_t load = part->load_ipa.ipa, size = part->image_size;
	if (rc == 0) {
		part->entry_ipa = part->load_ipa;
		return;
	}
	part->entry_ipa = ipa_init(entry);
	if (!ps->image_ok || range_wraps(load, size))
		return;
	if (entry < load || entry - load >= size)
		report(p, ps, "vigil,entry", "0x%llx is outside the image (" RANGE
		       ")", ULL(entry), RANGE_ARGS(load, size));
}

/* ---- Partitions and the root ---- */

static void parse_partition(struct config_parser *p, unsigned int idx,
			    int node)
{
	struct part_state *ps = &p->state[idx];
	parse_name(p, idx, node);
	ps->addr_cells = read_cell_count(p, ps, node, "#address-cells");
	ps->size_cells = read_cell_count(p, ps, node, "#size-cells");
	parse_cpus(p, idx, node);
	parse_static_mem(p, idx, node);
	parse_kernel(p, idx, node);
	parse_entry(p, idx, node);
}

/* Every image against every partition's host memory, its own included. */
static void check_images_against_memory(struct config_parser *p)
{
	for (unsigned int i = 0; i < p->out->count; i++) {
		const struct partition_config *part = &p->out->part[i];
		if (!p->state[i].image_ok)
			continue;
		for (unsigned int j = 0; j < p->out->count; j++) {
			const struct partition_config *o = &p->out->part[j];
			for (unsigned int r = 0; r < o->mem_count; r++) {
				const struct mem_map *m = &o->mem[r];
				if (!ranges_overlap(part->image_pa.pa,
						    part->image_size, m->pa.pa,
						    m->size))
					continue;
				report(p, &p->state[i], "kernel",
				       "image " RANGE " overlaps partition '%s' "
				       "memory (" RANGE ")",
				       RANGE_ARGS(part->image_pa.pa,
						  part->image_size),
				       p->state[j].shown,
				       RANGE_ARGS(m->pa.pa, m->size));
			}
		}
	}
}

/*
 * The header, then the structure block's alignment (cells are read as
 * 32-bit words, which must be aligned), then the whole tree; then the root.
 * The caller vouches that fdt_totalsize() bytes are readable at fdt.
 */
static bool check_tree(struct config_parser *p)
{
	int rc = fdt_check_header(p->fdt);
	if (rc == 0 && (fdt_off_dt_struct(p->fdt) & 3)) {
		report(p, NULL, NULL,
		       "not a valid device tree (structure block at offset 0x%x "
		       "is not 4-byte aligned)", fdt_off_dt_struct(p->fdt));
		return false;
	}
	if (rc == 0)
		rc = fdt_check_full(p->fdt, fdt_totalsize(p->fdt));
	if (rc != 0) {
		report(p, NULL, NULL, "not a valid device tree (%s)",
		       fdt_strerror(rc));
		return false;
	}
	if (!fdt_getprop(p->fdt, 0, "compatible", NULL))
		report(p, NULL, "compatible", "missing");
	else if (!fdt_node_is_compatible(p->fdt, 0, "vigil,config"))
		report(p, NULL, "compatible", "must be \"vigil,config\"");
	return true;
}

static void parse_partitions(struct config_parser *p)
{
	int node;
	fdt_for_each_subnode(node, p->fdt, 0) {
		if (!fdt_node_is_compatible(p->fdt, node, "vigil,partition"))
			continue;
		if (p->out->count == CONFIG_MAX_PARTITIONS) {
			report(p, NULL, NULL,
			       "more than %d partitions (nodes compatible with "
			       "\"vigil,partition\")", CONFIG_MAX_PARTITIONS);
			return;
		}
		parse_partition(p, p->out->count++, node);
	}
	if (p->out->count == 0)
		report(p, NULL, NULL,
		       "no partitions (no node is compatible with "
		       "\"vigil,partition\")");
}

int config_parse(const void *fdt, const struct board *board,
		 const struct reserved_range *reserved, unsigned int reserved_count,
		 const struct config_limits *limits, struct vigil_config *out,
		 config_report_fn report_fn, void *ctx)
{
	struct config_parser p = {
		.fdt = fdt,
		.board = board,
		.reserved = reserved,
		.reserved_count = reserved_count,
		.limits = limits,
		.out = out,
		.report = report_fn,
		.ctx = ctx,
	};
	memset(out, 0, sizeof(*out));
	if (check_tree(&p)) {
		parse_partitions(&p);
		check_images_against_memory(&p);
	}
	return p.errors;
}
