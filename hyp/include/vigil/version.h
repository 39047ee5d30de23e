/* SPDX-License-Identifier: MIT */
#ifndef VIGIL_VERSION_H
#define VIGIL_VERSION_H

#define VIGIL_VERSION "0.1.0"

#endif /* VIGIL_VERSION_H */
