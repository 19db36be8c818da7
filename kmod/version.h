/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_VERSION_H
#define _BRFW_VERSION_H

/* Release version of the module and brfwctl; dkms.conf repeats it. */
#define BRFW_VERSION "0.1.0"

#endif
