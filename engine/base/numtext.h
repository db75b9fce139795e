/*
 * numtext.h: numbers as people and spreadsheets write them, with
 * thousands separators and decimal commas. Tells what such a text looks
 * like, for messages that must never suggest an edit changing the value's
 * magnitude, and reads the decimal commas of a file whose shape makes them
 * certain (a ';'-separated CSV file). Plain numbers are util.h's.
 */
#ifndef CO_NUMTEXT_H
#define CO_NUMTEXT_H

/* The decimal mark a file's numbers are expected to use: a point (JSON,
 * ','-separated CSV), or a comma (';'-separated CSV, as a spreadsheet in
 * a locale with decimal commas writes it). */
enum co_decimal { CO_DECIMAL_POINT, CO_DECIMAL_COMMA };

/* Why `s`, a text that is not a number the file's reader takes, is not:
 * " (looks like a decimal comma: write 920000.50)", " (looks like a
 * thousands separator: write 920000)", " (is ',' a thousands separator or
 * a decimal comma? write 1234 or 1.234)", " (beyond +-1.8e308)", ...; ""
 * when it does not look like a number at all. A suggested text always
 * has the value the shape shows (digits moved, never dropped). In the
 * buffer of co_q's slot (base/util.h). */
const char *co_number_hint(int slot, const char *s, enum co_decimal mark);

/* Parses a CSV cell as a number: as co_parse_double with a decimal point;
 * with a decimal comma, "0,9" and "-1234,5E3" (one comma, no other
 * separator) as well, and a point only where it cannot be a thousands
 * separator ("0.9", "2.5" and "1234.5" are read, "1.234" and "12.500"
 * refused: ambiguous). Returns 0 or -1. */
int co_parse_number(const char *s, enum co_decimal mark, double *out);

#endif
