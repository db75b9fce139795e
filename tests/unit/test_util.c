/* Unit tests of util.c: dates, strict numbers, quoting, UTF-8; numtext.c:
 * numbers written for people; output.c: the CSV cell writer's guard and
 * its inverse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/numtext.h"
#include "base/output.h"
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
    assert_int_equal(co_parse_double("1e-400", &v), -1); /* not 0 */
    assert_int_equal(co_parse_double("-0.000e-400", &v), 0); /* is 0 */
    assert_int_equal(co_parse_double("1e-310", &v), 0);  /* a subnormal */
    assert_true(v > 0);
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

/* What a text looks like, against the reading a person would give it. */
static void number_hints(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        enum co_decimal mark;
        const char *hint;
    } cases[] = {
        {"920000,50", CO_DECIMAL_POINT, " (looks like a decimal comma: write 920000.50)"},
        {"0,7", CO_DECIMAL_POINT, " (looks like a decimal comma: write 0.7)"},
        {"0,900", CO_DECIMAL_POINT, " (looks like a decimal comma: write 0.900)"},
        {"-12,5", CO_DECIMAL_POINT, " (looks like a decimal comma: write -12.5)"},
        {"1234,567", CO_DECIMAL_POINT, " (looks like a decimal comma: write 1234.567)"},
        {"1.234.567,50", CO_DECIMAL_POINT, " (looks like a decimal comma: write 1234567.50)"},
        {"1 234,5", CO_DECIMAL_POINT, " (looks like a decimal comma: write 1234.5)"},
        {"920,000", CO_DECIMAL_POINT, " (looks like a thousands separator: write 920000)"},
        {"1,234,567", CO_DECIMAL_POINT, " (looks like thousands separators: write 1234567)"},
        {"1,234,567.50", CO_DECIMAL_POINT, " (looks like thousands separators: write 1234567.50)"},
        {"1'234'567.5", CO_DECIMAL_POINT, " (looks like thousands separators: write 1234567.5)"},
        {"600 000", CO_DECIMAL_POINT, " (looks like a thousands separator: write 600000)"},
        {"1\xc2\xa0" "234", CO_DECIMAL_POINT, " (looks like a thousands separator: write 1234)"},
        {"1.000.000", CO_DECIMAL_POINT, " (looks like thousands separators: write 1000000)"},
        {"1,234", CO_DECIMAL_POINT,
         " (is ',' a thousands separator or a decimal comma? write 1234 or 1.234)"},
        /* a file with decimal commas: the hint writes its decimal mark */
        {"1.234", CO_DECIMAL_COMMA,
         " (is '.' a thousands separator or a decimal point? write 1234 or 1,234)"},
        {"1.234,50", CO_DECIMAL_COMMA, " (looks like thousands separators: write 1234,50)"},
        {"1e400", CO_DECIMAL_POINT, " (beyond +-1.8e308)"},
        {"1e-400", CO_DECIMAL_POINT, " (too close to 0: it would read as 0)"},
        /* shapes that say nothing certain: no hint */
        {"1,2,3", CO_DECIMAL_POINT, ""},
        {"01,234", CO_DECIMAL_POINT, ""},
        {"12,34,567", CO_DECIMAL_POINT, ""},
        {"1.234,5.6", CO_DECIMAL_POINT, ""},
        {"abc", CO_DECIMAL_POINT, ""},
        {"$1,000", CO_DECIMAL_POINT, ""},
        {"", CO_DECIMAL_POINT, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = co_number_hint(0, cases[i].s, cases[i].mark);
        if (strcmp(got, cases[i].hint) != 0)
            fail_msg("'%s': expected '%s', got '%s'", cases[i].s, cases[i].hint, got);
    }
}

static void decimal_comma(void **state)
{
    (void)state;
    double v;
    assert_int_equal(co_parse_number("0,9", CO_DECIMAL_COMMA, &v), 0);
    assert_true(v == 0.9);
    assert_int_equal(co_parse_number("-1234,5E3", CO_DECIMAL_COMMA, &v), 0);
    assert_true(v == -1234500);
    assert_int_equal(co_parse_number("1,234", CO_DECIMAL_COMMA, &v), 0); /* a decimal there */
    assert_true(v == 1.234);
    assert_int_equal(co_parse_number("0.9", CO_DECIMAL_COMMA, &v), 0);
    assert_true(v == 0.9);
    assert_int_equal(co_parse_number("1234.5", CO_DECIMAL_COMMA, &v), 0);
    assert_true(v == 1234.5);
    assert_int_equal(co_parse_number("1.234", CO_DECIMAL_COMMA, &v), -1);  /* ambiguous */
    assert_int_equal(co_parse_number("12.500", CO_DECIMAL_COMMA, &v), -1); /* ambiguous */
    assert_int_equal(co_parse_number("1.234,5", CO_DECIMAL_COMMA, &v), -1);
    assert_int_equal(co_parse_number("1,2,3", CO_DECIMAL_COMMA, &v), -1);
    assert_int_equal(co_parse_number(",5", CO_DECIMAL_COMMA, &v), -1);
    assert_int_equal(co_parse_number("5,", CO_DECIMAL_COMMA, &v), -1);
    assert_int_equal(co_parse_number("0,9", CO_DECIMAL_POINT, &v), -1);
    assert_int_equal(co_parse_number("1.234", CO_DECIMAL_POINT, &v), 0);
    assert_true(v == 1.234);
}

/* co_csv_unguard undoes exactly what co_buf_csv guarded: every string of
 * up to four characters from an alphabet of the characters that matter. */
static void csv_guard(void **state)
{
    (void)state;
    static const char alphabet[] = "'=+-@\t\rx ,\"5";
    const size_t na = sizeof alphabet - 1;
    char s[5];
    for (size_t len = 0; len <= 4; len++) {
        size_t total = 1;
        for (size_t k = 0; k < len; k++)
            total *= na;
        for (size_t n = 0; n < total; n++) {
            size_t x = n;
            for (size_t k = 0; k < len; k++, x /= na)
                s[k] = alphabet[x % na];
            s[len] = '\0';
            co_buf b;
            co_buf_init(&b);
            co_buf_csv(&b, s, 1);
            co_buf_put(&b, "", 1);
            /* the cell's text as a CSV reader gives it: quotes removed */
            char cell[16];
            size_t o = 0;
            const char *p = b.data;
            if (*p == '"') {
                for (p++; *p; p++) {
                    if (*p == '"')
                        p++;
                    if (*p)
                        cell[o++] = *p;
                }
            } else {
                while (*p)
                    cell[o++] = *p++;
            }
            cell[o] = '\0';
            int formula = len && strchr("=+-@\t\r", s[0]);
            if (formula && cell[0] != '\'')
                fail_msg("'%s' written unguarded: '%s'", s, b.data);
            if (strcmp(co_csv_unguard(cell), s) != 0)
                fail_msg("'%s' written as '%s' reads back as '%s'", s, b.data,
                         co_csv_unguard(cell));
            co_buf_release(&b);
        }
    }
    co_buf b;
    co_buf_init(&b);
    co_buf_csv(&b, "'s-Hertogenbosch", 1);
    co_buf_csv(&b, "=1+1", 0);
    co_buf_csv(&b, "C\xc3\xb4te d'Ivoire", 0);
    co_buf_csv(&b, NULL, 0);
    co_buf_csv(&b, " x", 0);
    co_buf_put(&b, "", 1);
    assert_string_equal(b.data, "'s-Hertogenbosch,'=1+1,C\xc3\xb4te d'Ivoire,,\" x\"");
    co_buf_release(&b);
}

static void wide_text(void **state)
{
    (void)state;
    assert_string_equal(co_wide_text("\xff\xfei\0d\0", 6), "UTF-16");
    assert_string_equal(co_wide_text("\xfe\xff\0i\0d", 6), "UTF-16");
    assert_string_equal(co_wide_text("\xff\xfe\0\0i\0\0\0", 8), "UTF-32");
    assert_string_equal(co_wide_text("i\0d\0,\0n\0", 8), "UTF-16 without a byte-order mark");
    assert_string_equal(co_wide_text("\0i\0d\0,\0n", 8), "UTF-16 without a byte-order mark");
    assert_null(co_wide_text("id,name\n", 8));
    assert_null(co_wide_text("\xef\xbb\xbfid", 5));
    assert_null(co_wide_text("i\0", 2)); /* too short to tell */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates), cmocka_unit_test(numbers), cmocka_unit_test(quoting),
        cmocka_unit_test(utf8), cmocka_unit_test(number_hints), cmocka_unit_test(decimal_comma),
        cmocka_unit_test(csv_guard), cmocka_unit_test(wide_text)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
