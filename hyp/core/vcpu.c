/* SPDX-License-Identifier: MIT */
#include <vigil/arch.h>
#include <vigil/log.h>
#include <vigil/vcpu.h>

/* A request for a CPU to enter a partition, posted in its mailbox. */
struct entry_request {
	struct partition *p;
	unsigned int vcpu;
	ipaddr_t entry;
	uint64_t arg;
};

struct cpu_mailbox {
	struct spinlock lock;
	bool online;
	bool pending;
	struct entry_request request;
};

static struct cpu_mailbox mailbox[BOARD_MAX_CPUS];

void vcpu_cpu_online(unsigned int cpu)
{
	__atomic_store_n(&mailbox[cpu].online, true, __ATOMIC_RELEASE);
}

bool vcpu_cpu_is_online(unsigned int cpu)
{
	return __atomic_load_n(&mailbox[cpu].online, __ATOMIC_ACQUIRE);
}

int vcpu_start(struct partition *p, unsigned int vcpu, ipaddr_t entry,
	       uint64_t arg)
{
	paddr_t unused;
	if (vcpu >= p->cfg->cpu_count)
		return -VIGIL_EINVAL;
	if (!partition_ipa_to_pa(p->cfg, entry, 4, &unused))
		return -VIGIL_EFAULT;

	spin_lock(&p->lock);
	int rc = 0;
	if (p->state == PARTITION_STOPPED)
		rc = -VIGIL_EPERM;
	else if (p->vcpu[vcpu].state != VCPU_OFF)
		rc = -VIGIL_EBUSY;
	else
		p->vcpu[vcpu].state = VCPU_STARTING;
	spin_unlock(&p->lock);
	if (rc)
		return rc;

	struct cpu_mailbox *box = &mailbox[p->cfg->cpu_index[vcpu]];
	spin_lock(&box->lock);
	box->request = (struct entry_request){ p, vcpu, entry, arg };
	box->pending = true;
	spin_unlock(&box->lock);
	arch_cpu_wake_all();
	return 0;
}

enum vcpu_state vcpu_state(struct partition *p, unsigned int vcpu)
{
	if (vcpu >= p->cfg->cpu_count)
		return VCPU_OFF;
	spin_lock(&p->lock);
	enum vcpu_state state = p->vcpu[vcpu].state;
	spin_unlock(&p->lock);
	return state;
}

static void idle_on_fresh_stack(unsigned int cpu)
{
	vcpu_idle_loop(cpu);
}

_Noreturn void vcpu_off(struct partition *p, unsigned int vcpu)
{
	spin_lock(&p->lock);
	p->vcpu[vcpu].state = VCPU_OFF;
	bool any_left = false;
	for (unsigned int i = 0; i < p->cfg->cpu_count; i++)
		any_left |= p->vcpu[i].state != VCPU_OFF;
	spin_unlock(&p->lock);
	if (!any_left) {
		partition_stop(p, "turned its last CPU off");
		arch_cpu_park();
	}
	arch_cpu_restart(idle_on_fresh_stack, arch_cpu_index());
}

bool vcpu_kicked(struct partition *p, unsigned int vcpu)
{
	spin_lock(&p->lock);
	bool stop = p->state == PARTITION_STOPPED;
	if (stop)
		p->vcpu[vcpu].state = VCPU_OFF;
	spin_unlock(&p->lock);
	return stop;
}

static bool take_request(unsigned int cpu, struct entry_request *out)
{
	struct cpu_mailbox *box = &mailbox[cpu];
	spin_lock(&box->lock);
	bool pending = box->pending;
	if (pending)
		*out = box->request;
	box->pending = false;
	spin_unlock(&box->lock);
	return pending;
}

_Noreturn void vcpu_idle_loop(unsigned int cpu)
{
	struct entry_request req;
	while (!take_request(cpu, &req))
		arch_cpu_wait();

	struct partition *p = req.p;
	spin_lock(&p->lock);
	bool stopped = p->state == PARTITION_STOPPED;
	p->vcpu[req.vcpu].state = stopped ? VCPU_OFF : VCPU_ON;
	if (!stopped)
		p->state = PARTITION_RUNNING;
	spin_unlock(&p->lock);
	if (stopped)
		arch_cpu_park(); /* stopped while this CPU was on its way */
	arch_vcpu_enter(p, req.vcpu, req.entry, req.arg);
}
