#!/usr/bin/python3
"""Writes the seed corpus tests/fuzz/corpus/<harness>/ (checked in; rerun after changing a harness's
input layout). Each seed is built the way libFuzzer's FuzzedDataProvider reads it: strings from the
front (ConsumeRandomLengthString ends a string at a backslash followed by another character),
integers and booleans from the back, so the seeds start the fuzzers at meaningful inputs."""
import pathlib
import re
import struct

root = pathlib.Path(__file__).resolve().parent
corpus = root / "corpus"


class Seed:
    """Front and back halves of one FuzzedDataProvider input."""

    def __init__(self):
        self.front = b""
        self.back = b""  # in consumption order: the first value read is the last byte of the file

    def string(self, text, last=False):
        data = text.encode() if isinstance(text, str) else text
        self.front += data.replace(b"\\", b"\\\\") + (b"" if last else b"\\n")
        return self

    def rest(self, text):
        self.front += text.encode() if isinstance(text, str) else text
        return self

    def small(self, value):  # ConsumeIntegralInRange with a range below 256, or ConsumeBool
        self.back += bytes([value])
        return self

    def int64(self, value):  # ConsumeIntegral<int64_t>: min + the 8 bytes read, first byte highest
        self.back += struct.pack(">Q", (value + 2**63) % 2**64)
        return self

    def int_in_range(self, value, low, high):  # ConsumeIntegralInRange for wider ranges
        span, count = high - low, 0
        while count * 8 < 64 and span >> (count * 8) > 0:
            count += 1
        self.back += (value - low).to_bytes(count, "big")
        return self

    def bytes(self):
        return self.front + self.back[::-1]


def write(harness, seeds):
    directory = corpus / harness
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.iterdir():
        old.unlink()
    for name, seed in seeds.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(seed.bytes() if isinstance(seed, Seed) else seed)


HUNTER2 = ("s2:abcdefghijklmnop:732bd5c478953983828d4b32f3a1670a120a4ae2fceabec953fe4dc51b37d0e7c32022cdbec"
           "7055de0afc05f8774a525321876b7fcd007bdb56c8cb943e4a94a")
LEGACY = ("abcdefghijklmnop:9f7b9d8c23db4ae9fb941fb6320d39b24d9ad41e15f65d9530cb23c35b8bd951fb8a0b59cf65620"
          "3d2bd5380ccb400c5a8d2aa243bb2b2914aab6335bec77fee")
BCRYPT = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
FISH = "\ufb01sh"

write("password_hash", {
    "s2_vector": Seed().small(0).string("hunter2").rest(HUNTER2),
    "legacy_vector": Seed().small(0).string("hunter2").rest(LEGACY),
    "bcrypt": Seed().small(0).string("hunter2").rest(BCRYPT),
    "malformed": Seed().small(0).string("hunter2").rest("s3:abc:def"),
    "upper_hex": Seed().small(0).string("hunter2").rest(HUNTER2.upper()),
    "s2_prefix": Seed().small(1).string(FISH).rest("abcdefghijklmnop:" + "0" * 128),
    "bcrypt_prefix": Seed().small(2).string("pw").rest("$10$abc"),
    "round_trip": Seed().small(3).string("p\u00e4sswo\u0308rd").rest("abcdefghijklmnop"),
    "empty_password": Seed().small(0).string("").rest(HUNTER2),
    "bad_utf8": Seed().small(0).string(b"\xff\xfe").rest(HUNTER2),
})


def cookie(session, expires, secure, same_site, path, domain):
    seed = Seed().small(1 if session is not None else 0).small(1).int_in_range(
        expires, -8_640_000_000_000_000, 8_640_000_000_000_000).small(1 if secure else 0)
    if isinstance(same_site, int):
        seed.small(1).small(same_site)
    else:
        seed.small(0).string(same_site)
    return seed.string(path).string(domain).rest(session or "")


write("cookie", {
    "session": cookie("a" * 40, 1_700_000_000_000, True, 0, "/", ""),
    "blank": cookie(None, 0, False, 3, "/", ""),
    "domain": cookie("b" * 40, 0, True, 1, "/app", "example.com"),
    "inject": cookie("x; Domain=evil.com, y=\r\nSet-Cookie: z", 1, True, 2, "/", ""),
    "latin1_tab": cookie("\u00e9", -1, False, 0, "/caf\u00e9\tx", "\u0085host"),
    "bad_same_site": cookie("c" * 40, 253402300800000, True, "Laxx", "/", ""),
    "path_semicolon": cookie("d", 8_640_000_000_000_000, True, 0, "/a;b", ""),
})


def request(method, url, origin, allowed, csrf, cookie_header, present=(1, 1, 1, 1)):
    seed = Seed()
    if isinstance(method, int):
        seed.small(1).small(method)
    else:
        seed.small(0).string(method)
    seed.string(url).string(origin).small(len(allowed))
    for a in allowed:
        seed.string(a)
    seed.small(1 if csrf else 0)
    for p in present:
        seed.small(p)
    return seed.rest(cookie_header)


write("request", {
    "post_same_origin": request(2, "https://example.com/login", "https://example.com", [], True,
                                "auth_session=" + "a" * 40),
    "post_foreign": request(2, "https://example.com/login", "https://evil.com", [], True, "auth_session=x"),
    "post_allowed": request(3, "http://localhost:3000/a", "https://app.example.com",
                            ["https://app.example.com"], True, "a=b; auth_session=\"%61b\""),
    "userinfo": request(2, "https://evil.com@example.com:443/", "https://example.com", [], True, ""),
    "ipv6_port": request(4, " HTTP://[::1]:8080/x?y#z ", "http://[::1]:8080", [], True, "auth_session=%zz"),
    "get": request(0, "not a url", "", [], True, "auth_session="),
    "backslash": request(2, "https://example.com\\@evil.com/", "https://example.com", [], True, ""),
    "no_method": request(2, "https://example.com/", "https://example.com", [], True, "", (0, 1, 1, 1)),
})

write("iso_date", {
    "now": Seed().small(0).int_in_range(1_700_000_000_000, -8_640_000_000_000_002, 8_640_000_000_000_002),
    "epoch": Seed().small(0).int_in_range(0, -8_640_000_000_000_002, 8_640_000_000_000_002),
    "before_1970": Seed().small(0).int_in_range(-1, -8_640_000_000_000_002, 8_640_000_000_000_002),
    "max": Seed().small(0).int_in_range(8_640_000_000_000_000, -8_640_000_000_000_002, 8_640_000_000_000_002),
    "min": Seed().small(0).int_in_range(-8_640_000_000_000_000, -8_640_000_000_000_002, 8_640_000_000_000_002),
    "beyond": Seed().small(1).int64(-2**63),
    "year_10000": Seed().small(0).int_in_range(253402300800000, -8_640_000_000_000_002, 8_640_000_000_000_002),
})

write("key_id", {
    "email": Seed().string("email").rest("bob@example.com"),
    "colon_in_user": Seed().string("url").rest("https://x:1/"),
    "colon_in_provider": Seed().string("a:b").rest("c"),
    "empty": Seed().string("").rest("x"),
    "long": Seed().string("p" * 200).rest("u" * 54),
    "bad_utf8": Seed().string("github").rest(b"\xc0\xaf"),
    # Found by the fuzzer: a NUL inside a part of the id (commit a21a318).
    "nul_in_a_part": bytes.fromhex("70707070707070707070705c7070707070706e78707070707070707070707070707070707070707070707070707070600c0000706000007070707070707070707070707070707070707070707070707070707070707070707070"),
})


def setting(text, seconds=3600):
    return Seed().int_in_range(seconds, 0, 2147483647).rest(text)


write("setting_values", {
    "seconds": setting("3600"), "minutes": setting(" 90min "), "ms": setting("1500ms"),
    "fraction": setting("1.5h"), "nul": setting(b"1\x00x"), "unit_nul": setting(b"1h\x00garbage"),
    "hex": setting("0x10"), "exponent": setting("1e3s"), "bool": setting("on"), "enum": setting("Prod"),
    "negative": setting("-1"), "huge": setting("2147483648", 0), "nan": setting("nan", 2147483647),
})

write("unicode", {
    "ascii": b"Hello", "ligature": FISH.encode(), "decomposed": "pa\u0308sswo\u0308rd".encode(),
    "hangul": "\u1100\u1161\u11a8".encode(), "overlong": b"\xc0\xaf", "surrogate": b"\xed\xa0\x80",
    "above_max": b"\xf4\x90\x80\x80", "nul": b"a\x00b", "truncated": b"\xe2\x82", "fullwidth": "\uff21\uff22".encode(),
})

write("session_expiry", {
    "defaults": Seed().int64(1_700_000_000_000).int64(86_400_000).int64(1_209_600_000).int64(3600).int64(1_800_000_000_000),
    "overflow": Seed().int64(2**63 - 1).int64(1).int64(0).int64(2**62).int64(0),
    "negative": Seed().int64(0).int64(-1).int64(-2**63).int64(-1).int64(-2**63),
    "zero": Seed().int64(0).int64(0).int64(0).int64(0).int64(0),
})

# The SQLite harness picks functions by their index in pragma_function_list (name, then arity).
table = (root.parent.parent / "sqlite_ext" / "lucia_sqlite.cpp").read_text()
functions = sorted((name, arity) for name, low, high in re.findall(r'\{"(lucia_\w+)", (\d+), (\d+),', table)
                   for arity in range(int(low), int(high) + 1))


def sqlite(schema, calls):
    """calls: (name, [argument]) with argument None, int, float index, ("text"|"blob", bytes) or ("word", i)."""
    seed = Seed().small(schema).small(len(calls) - 1)
    for name, arguments in calls:
        seed.small(functions.index((name, len(arguments))))
        for argument in arguments:
            if argument is None:
                seed.small(0)
            elif isinstance(argument, int):
                seed.small(1).small(0).int64(argument)
            elif argument[0] == "text":
                seed.small(3).string(argument[1])
            elif argument[0] == "blob":
                seed.small(5).string(argument[1])
            elif argument[0] == "seen":
                seed.small(7)  # one id seen so far: its index is not read
    return seed


T = lambda s: ("text", s)  # noqa: E731
write("sqlite_functions", {
    "login": sqlite(1, [("lucia_create_user", [T("email"), T("bob@x"), T("pw")]),
                        ("lucia_validate_key", [T("email"), T("bob@x"), T("pw")]),
                        ("lucia_create_session", [("seen", 0)])]),
    # Issue 10 item 1 (a trigger deletes the row lucia_update_key_password just wrote), fixed: see
    # tests/fuzz/reproducers/README.md.
    "issue10_item1_vanishing_row": sqlite(3, [("lucia_update_key_password", [T("email"), T("bob@x"), T("new-pw")])]),
    # Issue 10 item 9 (an invalid UTF-8 setting accepted and echoed), fixed. The fuzzer found it as a
    # call of the 48 functions of the time; written as the call, since each function's index in the
    # input moves when functions are added.
    "strict_utf8_set_config_echoes_invalid_utf8": sqlite(7, [("lucia_set_config", [T("lucia.tables_schema"),
                                                                                   T(b"a\xff")])]),
    "sessions": sqlite(2, [("lucia_validate_session", [T("a" * 40)]), ("lucia_get_all_user_keys", [T("bob")]),
                           ("lucia_renew_session", [T("b" * 40)]), ("lucia_validate_key", [T("legacy"), T("x"), T("pw")])]),
    "loose_tables": sqlite(4, [("lucia_get_user", [T("bob")]), ("lucia_get_key", [T("email"), T("bob@x")]),
                               ("lucia_get_all_user_sessions", [T("bob")]), ("lucia_delete_user", [T("bob")])]),
    "views": sqlite(5, [("lucia_create_user", [T("email"), T("ada@x"), T("pw"), T("{}"), T("ada")])]),
    "json_each_hidden": sqlite(6, [("lucia_parse_request_headers", [T("POST"), T("https://a.b/"), T("https://c.d"),
                                                                     None, T('["https://c.d"]')]),
                                   ("lucia_update_user_attributes", [T("bob"), T('{"id":"x"}')])]),
    "authentication": sqlite(2, [("lucia_authenticate", [T("a" * 40)]), ("lucia_authenticated_user_id", []),
                                 ("lucia_authenticate", [T("b" * 40)]), ("lucia_authenticate", [T("a" * 40)]),
                                 ("lucia_clear_authentication", [])]),
    "nul_setting": sqlite(0, [("lucia_set_config", [T("lucia.active_period"), T(b"1\x00x")]),
                              ("lucia_config", [T("lucia.active_period")])]),
    "strict_tables": sqlite(7, [("lucia_create_user", [None, None, None, T('{"username":"u"}'), None])]),
    "bad_args": sqlite(1, [("lucia_create_key", [1, ("blob", b"\xff"), T(b"\xff\x00"), None, -1]),
                           ("lucia_delete_expired_sessions", [T("nosuchschema"), 2**63 - 1])]),
})
print("seeds written to", corpus)
