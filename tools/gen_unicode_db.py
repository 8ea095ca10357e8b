"""Generate rupy's Unicode database (runtime/src/unicode/db_tables.rs): the
properties CPython's unicodedata module reads from Modules/unicodedata_db.h
(made by Tools/unicode/makeunicodedata.py): general category, canonical
combining class, bidirectional class, East Asian width, mirroring, the
decomposition mappings and numeric values. (Normalization itself uses the
unicode-normalization crate, pinned to the same Unicode version.)

It also writes the Unicode 3.2.0 view (`unicodedata.ucd_3_2_0`, which IDNA
and stringprep use) as differences from the current data, as CPython's
makeunicodedata.py does for its change records: the category, bidi class,
East Asian width, mirroring, decimal and numeric value of each code point
whose 3.2.0 value differs (category Cn marks one unassigned in 3.2.0, which
then has no combining class, decomposition or name either), and the
normalization corrections 3.2.0 still applies. The generator checks the
other properties agree, and writes runtime/src/unicode/db_3_2_0_cases.rs:
every input of a test set (each code point, each canonical pair) whose
3.2.0 normalization differs from the current one, which db.rs's tests
compare the 3.2.0 normalization against.

Unicode data are facts, read back from the running interpreter's
unicodedata, so run this with the reference CPython 3.14 (Unicode 16.0):

    $RUPY_REF_PYTHON tools/gen_unicode_db.py

Layout: a code point's record is RECORDS[INDEX2[(INDEX1[cp >> SHIFT] << SHIFT) + (cp & MASK)]],
a record being (category, combining class, bidi class, east asian width,
mirrored, decomposition offset). DECOMP[offset] is (tag << 8) | count,
followed by count code points; offset 0 means no decomposition.
"""

import itertools
import os
import unicodedata

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runtime", "src", "unicode")
OUT = os.path.join(SRC, "db_tables.rs")
CASES = os.path.join(SRC, "db_3_2_0_cases.rs")
OLD = unicodedata.ucd_3_2_0
SHIFT = 7

CATEGORIES = ["Cn", "Lu", "Ll", "Lt", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs",
              "Co", "Lm", "Lo", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"]
BIDI = ["", "L", "LRE", "LRO", "R", "AL", "RLE", "RLO", "PDF", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B",
        "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"]
EAW = ["F", "H", "W", "Na", "A", "N"]
TAGS = ["", "<font>", "<noBreak>", "<initial>", "<medial>", "<final>", "<isolated>", "<circle>", "<super>",
        "<sub>", "<vertical>", "<wide>", "<narrow>", "<small>", "<square>", "<fraction>", "<compat>"]


FORMS = ["NFC", "NFD", "NFKC", "NFKD"]
NO_CHANGE = 0xFF


def view(db, c):
    """The properties a change record overrides."""
    return (CATEGORIES.index(db.category(c)), BIDI.index(db.bidirectional(c)), EAW.index(db.east_asian_width(c)),
            db.mirrored(c), db.decimal(c, -1), db.numeric(c, None))


def changes_3_2_0():
    """The 3.2.0 change records, and runs (first code point, record index
    or NO_CHANGE) covering every code point."""
    records = {}
    runs = []
    for cp in range(0x110000):
        c = chr(cp)
        old = view(OLD, c)
        key = NO_CHANGE
        if old != view(unicodedata, c):
            key = records.setdefault(old, len(records))
        assert OLD.digit(c, None) == unicodedata.digit(c, None)
        if old[0] == 0:
            assert (OLD.combining(c), OLD.decomposition(c), OLD.name(c, None)) == (0, "", None)
        else:
            assert OLD.combining(c) == unicodedata.combining(c)
            assert OLD.decomposition(c) == unicodedata.decomposition(c)
            assert OLD.name(c, None) == unicodedata.name(c, None)
        if not runs or runs[-1][1] != key:
            runs.append((cp, key))
    assert len(records) < NO_CHANGE
    return list(records), runs


def canonical_pairs():
    """The inputs (a, b) of every two-character canonical decomposition."""
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp)).split()
        if len(d) == 2 and not d[0].startswith("<"):
            yield "".join(chr(int(x, 16)) for x in d)


def normalization_3_2_0():
    """The 3.2.0 corrections (code point, the character it decomposes to
    instead), and the test cases: (input, form, 3.2.0 result) wherever the
    3.2.0 result differs from the current one."""
    corrections = []
    cases = []
    for text in itertools.chain(map(chr, range(0x110000)), canonical_pairs()):
        for form in FORMS:
            old = OLD.normalize(form, text)
            if old == unicodedata.normalize(form, text):
                continue
            cases.append((text, FORMS.index(form), old))
            if len(text) == 1 and form == "NFD" and OLD.category(text) != "Cn":
                # Assigned in 3.2.0, so only a correction explains it: a
                # singleton decomposition to another character.
                assert len(old) == 1 and unicodedata.decomposition(text) == "%04X" % ord(unicodedata.normalize(form, text))
                corrections.append((ord(text), ord(old)))
    return corrections, cases


def main():
    records = {(0, 0, 0, EAW.index("N"), 0, 0): 0}
    rec_list = [(0, 0, 0, EAW.index("N"), 0, 0)]
    decomp = [0]
    per_cp = []
    numeric = []
    for cp in range(0x110000):
        c = chr(cp)
        d = unicodedata.decomposition(c)
        off = 0
        if d:
            parts = d.split()
            tag = 0
            if parts[0].startswith("<"):
                tag = TAGS.index(parts[0])
                parts = parts[1:]
            off = len(decomp)
            decomp.append((tag << 8) | len(parts))
            decomp.extend(int(p, 16) for p in parts)
        r = (CATEGORIES.index(unicodedata.category(c)), unicodedata.combining(c),
             BIDI.index(unicodedata.bidirectional(c)), EAW.index(unicodedata.east_asian_width(c)),
             unicodedata.mirrored(c), off)
        if r not in records:
            records[r] = len(rec_list)
            rec_list.append(r)
        per_cp.append(records[r])
        v = unicodedata.numeric(c, None)
        if v is not None:
            numeric.append((cp, v))
    # Two-level index, identical blocks shared.
    blocks = {}
    index1 = []
    index2 = []
    for start in range(0, 0x110000, 1 << SHIFT):
        block = tuple(per_cp[start:start + (1 << SHIFT)])
        if block not in blocks:
            blocks[block] = len(blocks)
            index2.extend(block)
        index1.append(blocks[block])
    with open(OUT, "w") as f:
        f.write("// Generated by tools/gen_unicode_db.py from the reference interpreter's\n")
        f.write(f"// unicodedata (Unicode {unicodedata.unidata_version}); do not edit.\n\n")
        f.write(f"pub const UNIDATA_VERSION: &str = \"{unicodedata.unidata_version}\";\n")
        f.write(f"pub const SHIFT: u32 = {SHIFT};\n")
        f.write("pub const CATEGORIES: [&str; %d] = [%s];\n" % (len(CATEGORIES), ", ".join(f'"{x}"' for x in CATEGORIES)))
        f.write("pub const BIDI: [&str; %d] = [%s];\n" % (len(BIDI), ", ".join(f'"{x}"' for x in BIDI)))
        f.write("pub const EAW: [&str; %d] = [%s];\n" % (len(EAW), ", ".join(f'"{x}"' for x in EAW)))
        f.write("pub const TAGS: [&str; %d] = [%s];\n" % (len(TAGS), ", ".join(f'"{x}"' for x in TAGS)))
        f.write("/// (category, combining, bidi, east asian width, mirrored, decomposition offset).\n")
        f.write("pub static RECORDS: [(u8, u8, u8, u8, bool, u32); %d] = [\n" % len(rec_list))
        for r in rec_list:
            f.write("    (%d, %d, %d, %d, %s, %d),\n" % (r[0], r[1], r[2], r[3], "true" if r[4] else "false", r[5]))
        f.write("];\n")

        def arr(name, ty, data):
            f.write(f"pub static {name}: [{ty}; {len(data)}] = [")
            for i, x in enumerate(data):
                if i % 20 == 0:
                    f.write("\n    ")
                f.write(f"{x}, ")
            f.write("\n];\n")

        arr("INDEX1", "u16", index1)
        arr("INDEX2", "u16", index2)
        arr("DECOMP", "u32", decomp)
        f.write("/// (code point, numeric value), sorted.\n")
        f.write("pub static NUMERIC: [(u32, f64); %d] = [\n" % len(numeric))
        for cp, v in numeric:
            f.write("    (%d, %r),\n" % (cp, float(v)))
        f.write("];\n")

        old_records, runs = changes_3_2_0()
        corrections, cases = normalization_3_2_0()
        f.write(f"\npub const UNIDATA_VERSION_3_2_0: &str = \"{OLD.unidata_version}\";\n")
        f.write("/// The 3.2.0 (category, bidi, east asian width, mirrored, decimal or -1, numeric)\n")
        f.write("/// of the code points whose values differ from the current ones.\n")
        f.write("pub static CHANGE_RECORDS_3_2_0: [(u8, u8, u8, bool, i8, Option<f64>); %d] = [\n" % len(old_records))
        for r in old_records:
            num = "None" if r[5] is None else "Some(%r)" % float(r[5])
            f.write("    (%d, %d, %d, %s, %d, %s),\n" % (r[0], r[1], r[2], "true" if r[3] else "false", r[4], num))
        f.write("];\n")
        f.write(f"pub const NO_CHANGE: u8 = {NO_CHANGE};\n")
        f.write("/// (first code point, CHANGE_RECORDS_3_2_0 index or NO_CHANGE), sorted: each\n")
        f.write("/// run lasts until the next one starts.\n")
        f.write("pub static CHANGES_3_2_0: [(u32, u8); %d] = [" % len(runs))
        for i, (cp, key) in enumerate(runs):
            if i % 8 == 0:
                f.write("\n    ")
            f.write(f"({cp:#x}, {key}), ")
        f.write("\n];\n")
        f.write("/// (code point, the character it decomposes to in 3.2.0 instead), sorted.\n")
        f.write("pub static NORMALIZATION_3_2_0: [(u32, u32); %d] = [%s];\n"
                % (len(corrections), ", ".join(f"({a:#x}, {b:#x})" for a, b in corrections)))

    def cps(text):
        return "&[%s]" % ", ".join(f"{ord(c):#x}" for c in text)

    with open(CASES, "w") as f:
        f.write("// Generated by tools/gen_unicode_db.py from the reference interpreter's\n")
        f.write(f"// unicodedata (Unicode {unicodedata.unidata_version}); do not edit.\n\n")
        f.write("/// (input, form index in NFC NFD NFKC NFKD, ucd_3_2_0.normalize result) for every\n")
        f.write("/// code point and canonical pair whose 3.2.0 normalization differs from the current one.\n")
        f.write("pub static CASES: [(&[u32], u8, &[u32]); %d] = [\n" % len(cases))
        for text, form, old in cases:
            f.write(f"    ({cps(text)}, {form}, {cps(old)}),\n")
        f.write("];\n")


main()
