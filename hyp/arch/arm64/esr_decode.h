/* SPDX-License-Identifier: MIT */
#ifndef VIGIL_ARM64_ESR_DECODE_H
#define VIGIL_ARM64_ESR_DECODE_H

/* A short name for an exception class (ESR_EL2.EC). */
const char *esr_class_name(unsigned int ec);

/* A short name for a data/instruction fault status code (DFSC/IFSC). */
const char *esr_fault_name(unsigned int fsc);

#endif /* VIGIL_ARM64_ESR_DECODE_H */
