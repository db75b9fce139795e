/* Unit tests of util.c: dates, strict numbers, quoting, UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/util.h"

static void dates(void **state)
{
    (void)state;
    long d;
    assert_int_equal(co_parse_date("1970-01-01", &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(co_parse_date("2018-11-01", &d), 0);
    assert_int_equal(d, 17836); /* date -d 2018-11-01 +%s / 86400 */
    long e;
    assert_int_equal(co_parse_date("2020-08-01", &e), 0);
    assert_int_equal(e - d, 639); /* 2018-11-01 to 2020-08-01: 30+31+366-... */
    assert_int_equal(co_parse_date("2020-02-29", &d), 0);  /* leap year */
    assert_int_equal(co_parse_date("2019-02-29", &d), -1); /* not one */
    assert_int_equal(co_parse_date("1900-02-29", &d), -1); /* century rule */
    assert_int_equal(co_parse_date("2000-02-29", &d), 0);  /* 400-year rule */
    assert_int_equal(co_parse_date("2020-02-30", &d), -1);
    assert_int_equal(co_parse_date("2020-13-01", &d), -1);
    assert_int_equal(co_parse_date("2020-00-10", &d), -1);
    assert_int_equal(co_parse_date("2020-1-01", &d), -1);
    assert_int_equal(co_parse_date("2020-01-01T00", &d), -1);
    assert_int_equal(co_parse_date("", &d), -1);
    char buf[11];
    co_parse_date("2024-12-31", &d);
    co_format_date(d, buf);
    assert_string_equal(buf, "2024-12-31");
    co_format_date(-1, buf);
    assert_string_equal(buf, "1969-12-31");
}

static void numbers(void **state)
{
    (void)state;
    double v;
    assert_int_equal(co_parse_double("1500000", &v), 0);
    assert_true(v == 1500000);
    assert_int_equal(co_parse_double("-2.5e3", &v), 0);
    assert_true(v == -2500);
    assert_int_equal(co_parse_double("1,000", &v), -1);
    assert_int_equal(co_parse_double(" 12", &v), -1);
    assert_int_equal(co_parse_double("12 ", &v), -1);
    assert_int_equal(co_parse_double("nan", &v), -1);
    assert_int_equal(co_parse_double("inf", &v), -1);
    assert_int_equal(co_parse_double("1e400", &v), -1);
    assert_int_equal(co_parse_double("0x10", &v), -1);
    assert_int_equal(co_parse_double("", &v), -1);
    assert_string_equal(co_num(0, 0.1), "0.1");
    assert_string_equal(co_num(0, 1500000), "1500000");
    assert_string_equal(co_num(0, 1e20), "1e+20");
    assert_string_equal(co_num(0, -0.75), "-0.75");
}

static void quoting(void **state)
{
    (void)state;
    assert_string_equal(co_q(0, "LAO"), "LAO");
    assert_string_equal(co_qn(0, "a\0b", 3), "a\\x00b");
    assert_string_equal(co_q(0, "tab\there"), "tab\\x09here");
    char longs[200];
    memset(longs, 'x', sizeof longs - 1);
    longs[199] = '\0';
    assert_int_equal(strlen(co_q(0, longs)), 63); /* 60 and "..." */
}

static void utf8(void **state)
{
    (void)state;
    assert_true(co_utf8_valid("caf\xc3\xa9", 5));
    assert_false(co_utf8_valid("caf\xc3", 4));         /* truncated */
    assert_false(co_utf8_valid("\xc0\xaf", 2));        /* overlong */
    assert_false(co_utf8_valid("\xed\xa0\x80", 3));    /* surrogate */
    assert_false(co_utf8_valid("\xff", 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates), cmocka_unit_test(numbers), cmocka_unit_test(quoting),
        cmocka_unit_test(utf8)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
