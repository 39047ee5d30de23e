/* SPDX-License-Identifier: MIT */
/*
 * Checking the certificate chain against the pinned DeviceID: the chain's
 * DeviceID is the pinned certificate, the Alias is signed by the pinned
 * DeviceID, the AK by the Alias, and the CA flags fit (DeviceID and Alias
 * cA TRUE with keyCertSign, the AK not a CA). mbedtls_x509_crt_verify does
 * the signatures and CA checks with the pinned certificate as the only
 * trust anchor; this adds that the path it found is exactly AK -> Alias
 * -> DeviceID, so an AK signed by DeviceID directly cannot skip the Alias
 * (whose TcbInfo vouches for Vigil).
 */
#ifndef VERIFIER_CHAIN_H
#define VERIFIER_CHAIN_H

#include <mbedtls/x509_crt.h>

#include "certs.h"
#include "report.h"

/* Adds a "chain broken" failure to r for each problem found. */
void chain_check(struct chain *c, mbedtls_x509_crt *pinned, struct report *r);

#endif /* VERIFIER_CHAIN_H */
