/* SPDX-License-Identifier: MIT */
#include <vigil/console_input.h>
#include <vigil/log.h>
#include <vigil/uart.h>

/* A ring per partition, indexed by partition id. */
struct input_ring {
	char bytes[CONSOLE_INPUT_BUFFER];
	unsigned int head, len;
};

static struct spinlock input_lock; /* before the console lock in log.c */
static struct partition *targets;
static unsigned int target_count;
static unsigned int focus;
static struct input_ring rings[CONFIG_MAX_PARTITIONS];

void console_input_init(struct partition *partitions, unsigned int count)
{
	targets = partitions;
	target_count = count;
	focus = 0;
}

static void ring_push(struct input_ring *r, char c)
{
	r->bytes[(r->head + r->len++) % CONSOLE_INPUT_BUFFER] = c;
}

/*
 * Moves keys from the UART to the partition with the focus until its ring
 * is full; what is left waits in the UART (which then holds the sender
 * back), so nothing typed is lost.
 */
static void drain_uart(void)
{
	int c;
	while ((!target_count || rings[focus].len < CONSOLE_INPUT_BUFFER) &&
	       (c = uart_getc()) >= 0) {
		if (c == VIGIL_CONSOLE_SWITCH_KEY && target_count) {
			focus = (focus + 1) % target_count;
			log_printf("vigil: console input goes to '%s'\n",
				   targets[focus].cfg->name);
		} else if (target_count) {
			ring_push(&rings[focus], (char)c);
		}
	}
}

size_t console_input_read(struct partition *p, char *out, size_t max)
{
	struct input_ring *r = &rings[p->id];
	size_t n = 0;
	spin_lock(&input_lock);
	drain_uart();
	for (; n < max && r->len; n++, r->len--) {
		out[n] = r->bytes[r->head];
		r->head = (r->head + 1) % CONSOLE_INPUT_BUFFER;
	}
	spin_unlock(&input_lock);
	return n;
}
