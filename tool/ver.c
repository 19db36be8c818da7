// SPDX-License-Identifier: GPL-2.0
/* brfwctl -V and brfwctl version. */
#include <inttypes.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/brfw.h>
#include <linux/genetlink.h>

#include "err.h"
#include "nl.h"
#include "ver.h"
#include "version.h"	/* kmod/version.h: BRFW_VERSION */

void version_print_tool(struct pr *pr)
{
	pr_open_object(pr, "tool");
	pr_str(pr, PR_ANY, "version", "brfwctl %s", BRFW_VERSION);
	pr_u64(pr, PR_ANY, "protocol", " (protocol %" PRIu64 ")\n",
	       BRFW_GENL_VERSION);
	pr_close_object(pr);
}

void version_print_module(struct pr *pr, const struct module_version *mod)
{
	pr_open_object(pr, "module");
	pr_str(pr, PR_ANY, "version", "brfw module %s", mod->version);
	pr_u64(pr, PR_ANY, "protocol", " (protocol %" PRIu64 ")\n",
	       mod->protocol);
	pr_close_object(pr);
}

int cmd_tool_version(struct pr *pr)
{
	pr_open_object(pr, NULL);
	version_print_tool(pr);
	pr_close_object(pr);
	pr_end(pr);
	return 0;
}

struct version_reply {
	char version[64];
	uint32_t protocol;
	bool has_protocol;
};

static int version_attr_cb(const struct nlattr *attr, void *data)
{
	struct version_reply *r = data;

	switch (mnl_attr_get_type(attr)) {
	case BRFW_A_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(r->version, sizeof(r->version), "%s",
				 mnl_attr_get_str(attr));
		break;
	case BRFW_A_PROTO_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			r->protocol = mnl_attr_get_u32(attr);
			r->has_protocol = true;
		}
		break;
	}
	return MNL_CB_OK;
}

static int version_cb(const struct nlmsghdr *nlh, void *data)
{
	if (mnl_nlmsg_get_payload_len(nlh) >= GENL_HDRLEN)
		mnl_attr_parse(nlh, GENL_HDRLEN, version_attr_cb, data);
	return 0;
}

/* Ask the module. Returns 0 or -1 after printing the error. */
static int query(struct version_reply *r)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct nl nl;
	int ret = -1;

	if (nl_open(&nl))
		return -1;
	if (nl_resolve(&nl))
		goto out;
	nlh = nl_brfw_msg(&nl, buf, sizeof(buf), BRFW_CMD_VERSION_GET, 0);
	if (nl_talk(&nl, nlh, version_cb, r, NULL) < 0) {
		nl_perror(&nl, nlh, "version");
		goto out;
	}
	if (!r->has_protocol)
		r->protocol = nl.family_version;
	if (!r->version[0]) {
		errorf("malformed reply from the kernel (missing version)");
		goto out;
	}
	ret = 0;
out:
	nl_close(&nl);
	return ret;
}

int cmd_version(struct pr *pr)
{
	struct version_reply r;
	struct module_version mod;
	int ret;

	memset(&r, 0, sizeof(r));
	/* The tool's own version is printed even without the module. */
	pr_open_object(pr, NULL);
	version_print_tool(pr);
	if (!pr->json)
		fflush(pr->fp);	/* before a possible error on stderr */
	ret = query(&r);
	if (!ret) {
		mod.version = r.version;
		mod.protocol = r.protocol;
		version_print_module(pr, &mod);
	}
	pr_close_object(pr);
	pr_end(pr);
	if (!ret && r.protocol < BRFW_GENL_VERSION)
		warnf("the brfw module speaks protocol %u, brfwctl %u: some commands may fail; update the module",
		      r.protocol, BRFW_GENL_VERSION);
	return ret;
}
