// SPDX-License-Identifier: GPL-2.0
/* The text/JSON printer. */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>

#include "print.h"
#include "tap.h"
#include "tests.h"

static void json_escape(const char *in, const char *want, const char *desc)
{
	struct mem m;
	char *got;

	pr_json_string(mem_open(&m), in);
	got = mem_take(&m);
	tap_is_str(got, want, "json string: %s", desc);
	free(got);
}

/* A sample document through both modes: the same calls. */
static void sample(struct pr *p)
{
	pr_open_object(p, NULL);
	pr_str(p, PR_ANY, "name", "name %s\n", "vnet0");
	pr_u64(p, PR_ANY, "count", "count %" PRIu64 "\n", 42);
	pr_str(p, PR_JSON, "json_only", NULL, "j");
	pr_str(p, PR_TEXT, NULL, "text only\n", NULL);
	pr_str(p, PR_ANY, "missing", "missing %s\n", NULL);
	pr_open_array(p, "list");
	pr_u64(p, PR_JSON, NULL, NULL, 1);
	pr_u64(p, PR_JSON, NULL, NULL, UINT64_MAX);
	pr_open_object(p, NULL);
	pr_close_object(p);
	pr_open_array(p, NULL);
	pr_close_array(p);
	pr_close_array(p);
	pr_open_object(p, "nested");
	pr_str(p, PR_JSON, "k", NULL, "v");
	pr_close_object(p);
	pr_close_object(p);
	pr_end(p);
}

static char *render(void (*fn)(struct pr *), bool json, bool pretty)
{
	struct mem m;
	struct pr p;

	pr_init(&p, mem_open(&m), json, pretty);
	fn(&p);
	return mem_take(&m);
}

static void check_render(void (*fn)(struct pr *), bool json, bool pretty,
			 const char *want, const char *desc)
{
	char *got = render(fn, json, pretty);

	tap_is_str(got, want, "%s", desc);
	free(got);
}

static void columns(struct pr *p)
{
	pr_open_array(p, NULL);
	pr_col_str(p, PR_TEXT, NULL, -5, "NAME");
	pr_col_str(p, PR_TEXT, NULL, 4, "NUM");
	pr_col_str(p, PR_TEXT, NULL, -2, "X");
	pr_text(p, "\n");
	pr_open_object(p, NULL);
	pr_col_str(p, PR_ANY, "name", -5, "ab");
	pr_col_u64(p, PR_ANY, "num", 4, 7);
	pr_col_u64(p, PR_JSON, "hidden", 9, 99);
	pr_col_str(p, PR_ANY, "x", -2, NULL);
	pr_text(p, "\n");
	pr_close_object(p);
	pr_open_object(p, NULL);
	pr_col_str(p, PR_ANY, "name", -5, "wider-than");
	pr_col_u64(p, PR_ANY, "num", 4, 123456);
	pr_col_str(p, PR_ANY, "x", -2, "y");
	pr_text(p, "\n");
	pr_close_object(p);
	pr_close_array(p);
	pr_end(p);
}

static void hostile(struct pr *p)
{
	pr_open_object(p, NULL);
	pr_str(p, PR_ANY, "n\"k", "[%s]\n", "a\x1b[31mb\tc\x7f");
	pr_col_str(p, PR_ANY, "col", -4, "\x01\x02");
	pr_text(p, "|\n");
	pr_close_object(p);
	pr_end(p);
}

static void flags(struct pr *p)
{
	pr_open_object(p, NULL);
	pr_bool(p, PR_ANY, "a", "a %s", true);
	pr_bool(p, PR_ANY, "b", "  b %s\n", false);
	pr_bool(p, PR_JSON, "c", "c %s\n", true);
	pr_bool(p, PR_TEXT, NULL, "d %s\n", false);
	pr_close_object(p);
	pr_end(p);
}

static void empty_array(struct pr *p)
{
	pr_open_array(p, NULL);
	pr_close_array(p);
	pr_end(p);
}

void test_print(void)
{
	json_escape("", "\"\"", "empty");
	json_escape("vnet0", "\"vnet0\"", "plain");
	json_escape("a\"b\\c/d", "\"a\\\"b\\\\c/d\"", "quote, backslash, slash");
	json_escape("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"", "short escapes");
	json_escape("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"", "other controls");
	json_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
		    "valid UTF-8 passes through");
	json_escape("a\xff" "b", "\"a\\ufffdb\"", "invalid byte");
	json_escape("a\xc3", "\"a\\ufffd\"", "truncated sequence at the end");
	json_escape("\xc3(", "\"\\ufffd(\"", "bad continuation byte");
	json_escape("\xc0\xaf", "\"\\ufffd\\ufffd\"", "overlong form");
	json_escape("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "surrogate");
	json_escape("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
		    "above U+10FFFF");
	json_escape("\xe0\x80\x80", "\"\\ufffd\\ufffd\\ufffd\"", "overlong 3-byte");

	check_render(sample, true, false,
		     "{\"name\":\"vnet0\",\"count\":42,\"json_only\":\"j\","
		     "\"missing\":null,\"list\":[1,18446744073709551615,{},[]],"
		     "\"nested\":{\"k\":\"v\"}}\n",
		     "json: compact document");
	check_render(sample, false, true,
		     "{\n"
		     "  \"name\": \"vnet0\",\n"
		     "  \"count\": 42,\n"
		     "  \"json_only\": \"j\",\n"
		     "  \"missing\": null,\n"
		     "  \"list\": [\n"
		     "    1,\n"
		     "    18446744073709551615,\n"
		     "    {},\n"
		     "    []\n"
		     "  ],\n"
		     "  \"nested\": {\n"
		     "    \"k\": \"v\"\n"
		     "  }\n"
		     "}\n",
		     "json: pretty document (pretty implies json)");
	check_render(sample, false, false,
		     "name vnet0\ncount 42\ntext only\nmissing -\n",
		     "text: same calls, text fields only");
	check_render(flags, false, false, "a on  b off\nd off\n", "text: flags as on/off");
	check_render(flags, true, false, "{\"a\":true,\"b\":false,\"c\":true}\n",
		     "json: flags as true/false");
	check_render(empty_array, true, false, "[]\n", "json: empty array");
	check_render(empty_array, true, true, "[]\n", "json: empty array, pretty");
	check_render(empty_array, false, false, "", "text: empty array prints nothing");

	check_render(columns, false, false,
		     "NAME    NUM  X \n"
		     "ab        7  - \n"
		     "wider-than  123456  y \n",
		     "text: columns, alignment, separator, overflow, NULL");
	check_render(columns, true, false,
		     "[{\"name\":\"ab\",\"num\":7,\"hidden\":99,\"x\":null},"
		     "{\"name\":\"wider-than\",\"num\":123456,\"x\":\"y\"}]\n",
		     "json: columns");

	check_render(hostile, false, false, "[a?[31mb?c?]\n??  |\n",
		     "text: control characters shown as ?");
	check_render(hostile, true, false,
		     "{\"n\\\"k\":\"a\\u001b[31mb\\tc\\u007f\",\"col\":\"\\u0001\\u0002\"}\n",
		     "json: keys and values escaped");

	tap_is_int(pr_text_width(""), 0, "text width: empty");
	tap_is_int(pr_text_width("vnet0"), 5, "text width: ASCII");
	tap_is_int(pr_text_width("caf\xc3\xa9"), 4, "text width: UTF-8 counts characters");
	tap_is_int(pr_u64_width(0), 1, "u64 width: 0");
	tap_is_int(pr_u64_width(9), 1, "u64 width: 9");
	tap_is_int(pr_u64_width(10), 2, "u64 width: 10");
	tap_is_int(pr_u64_width(UINT64_MAX), 20, "u64 width: max");
}
