"""The rules of the PGXN Meta Spec 1.0.x (https://pgxn.org/spec/) for a distribution's META.json.

Why our own: no validator of the spec is packaged for Debian or published on npm (PGXN's are a
Perl module on CPAN and a Rust crate, neither reachable here); pgxnclient, which Debian has, reads
META.json without checking it. Each rule below is the spec's, written from its text and the JSON
schemas of its v1 (required keys and their types, Terms, SemVer versions, the license strings,
Paths, prereq phases, relationships and version ranges, resources, meta-spec 1.0.x,
release_status, no unknown key that is not x_ or X_). Where the spec leaves a format loose (URIs,
e-mail addresses) the check is only that the value has that shape.
  spec_errors(document) -> list of "at /pointer: what is wrong" (empty when valid)
  parse(text) -> (document, errors): strict JSON, a top-level object, no key given twice
"""
import json
import re
import unicodedata

REQUIRED = ("name", "version", "abstract", "maintainer", "license", "provides", "meta-spec")
OPTIONAL = ("description", "generated_by", "tags", "no_index", "prereqs", "release_status", "resources")
# The license strings the spec lists (its "License Strings" table).
LICENSES = frozenset((
    "agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd", "gfdl_1_2",
    "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit", "mozilla_1_0",
    "mozilla_1_1", "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay", "sun", "zlib",
    "open_source", "restricted", "unrestricted", "unknown"))
PHASES = ("configure", "build", "test", "runtime", "develop")
RELATIONSHIPS = ("requires", "recommends", "suggests", "conflicts")
RELEASE_STATUSES = ("stable", "testing", "unstable")
META_SPEC_URLS = ("https://pgxn.org/meta/spec.txt", "http://pgxn.org/meta/spec.txt")

# SemVer 2.0.0: MAJOR.MINOR.PATCH, numbers without leading zeros, optional -pre.release and +build.
_NUMBER = r"(?:0|[1-9][0-9]*)"
_PRE = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_BUILD = r"[0-9A-Za-z-]+"
SEMVER = rf"{_NUMBER}\.{_NUMBER}\.{_NUMBER}(?:-{_PRE}(?:\.{_PRE})*)?(?:\+{_BUILD}(?:\.{_BUILD})*)?"
SEMVER_RE = re.compile(rf"^{SEMVER}$")
# One clause of a version range: a version, optionally after ==, !=, <, <=, > or >=.
RANGE_CLAUSE_RE = re.compile(rf"^(?:(?:==|!=|<=|>=|<|>)\s*)?{SEMVER}$")
URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# Custom keys (x_ or X_ and at least one more character) are allowed in every object.
def is_custom(key):
    return len(key) > 2 and key[:2] in ("x_", "X_")


# Control characters are refused in Terms and Tags (Unicode category Cc, as \p{Cntrl}).
def has_control(text):
    return any(unicodedata.category(c) == "Cc" for c in text)


# A Term: a string of two characters or more, no slash, backslash, white space or control character.
def term_error(value):
    if not isinstance(value, str):
        return "must be a string (a Term)"
    if len(value) < 2 or any(c in "/\\" or c.isspace() for c in value) or has_control(value):
        return f"'{value}' is not a Term (2+ characters, no slash, backslash, space or control character)"
    return None


# A Version: a SemVer 2.0.0 string.
def version_error(value):
    if not isinstance(value, str) or not SEMVER_RE.match(value):
        return f"{json.dumps(value)} is not a SemVer version (MAJOR.MINOR.PATCH)"
    return None


# A Version Range: 0 (any version), a version (at least it), or operator clauses joined by commas.
def range_error(value):
    if type(value) is int and value == 0:
        return None
    if isinstance(value, str) and (value == "0" or all(RANGE_CLAUSE_RE.match(c.strip()) for c in value.split(","))):
        return None
    return f"{json.dumps(value)} is not a version range (0, a SemVer version, or clauses like '>= 1.2.0, < 2.0.0')"


# A Path: relative, with Unix separators, staying inside the distribution.
def path_error(value):
    if not isinstance(value, str) or value == "":
        return "must be a non-empty string (a Path)"
    if value.startswith("/") or "\\" in value or re.match(r"^[A-Za-z]:", value):
        return f"'{value}' is not a relative Unix path"
    parts = value[2:] if value.startswith("./") else value
    if any(part in ("", ".", "..") for part in parts.rstrip("/").split("/")):
        return f"'{value}' has an empty, '.' or '..' component"
    return None


# A non-empty string, for abstract, description, generated_by.
def text_error(value):
    return None if isinstance(value, str) and value != "" else "must be a non-empty string"


class Checker:
    """Collects the errors of one document, each at a JSON pointer."""

    def __init__(self):
        self.errors = []

    # Records one error at the pointer `where`.
    def fail(self, where, message):
        self.errors.append(f"at {where or '/'}: {message}")

    # Records the error a value rule returned, if any.
    def rule(self, where, message):
        if message:
            self.fail(where, message)

    # An object with only the keys listed (and custom ones); returns False when it is no object.
    def object(self, where, value, allowed, required=()):
        if not isinstance(value, dict):
            self.fail(where, f"must be an object, not {json.dumps(value)}")
            return False
        for key in value:
            if key not in allowed and not is_custom(key):
                self.fail(where, f"unknown key '{key}' (only {', '.join(allowed)} or x_ keys)")
        for key in required:
            if key not in value:
                self.fail(where, f"required key '{key}' is missing")
        return True

    # Spec objects that need at least one of their known keys (prereqs, phases, resources...).
    def at_least_one(self, where, value, keys):
        if not any(key in value for key in keys):
            self.fail(where, f"needs at least one of {', '.join(keys)}")

    # A non-empty list of distinct items, each checked by `item_rule`.
    def unique_list(self, where, value, item_rule):
        if not isinstance(value, list) or not value:
            self.fail(where, "must be a non-empty array")
            return
        if len({json.dumps(item) for item in value}) != len(value):
            self.fail(where, "lists an item twice")
        for i, item in enumerate(value):
            self.rule(f"{where}/{i}", item_rule(item))

    # maintainer: a non-empty string or a non-empty array of distinct non-empty strings.
    def maintainer(self, where, value):
        if isinstance(value, str):
            self.rule(where, text_error(value))
        else:
            self.unique_list(where, value, text_error)

    # license: a license string, an array of them, or an object of license names to URIs.
    def license(self, where, value):
        known = lambda v: None if isinstance(v, str) and v in LICENSES else f"{json.dumps(v)} is not a license string of the spec"
        if isinstance(value, str):
            self.rule(where, known(value))
        elif isinstance(value, list):
            self.unique_list(where, value, known)
        elif isinstance(value, dict):
            if not value:
                self.fail(where, "must name at least one license")
            for name, uri in value.items():
                if not isinstance(uri, str) or not URI_RE.match(uri):
                    self.fail(f"{where}/{name}", f"{json.dumps(uri)} is not a URI")
        else:
            self.fail(where, "must be a license string, an array of them or an object")

    # provides: extension Terms to objects with a file and a version (abstract, docfile optional).
    def provides(self, where, value):
        if not isinstance(value, dict) or not value:
            self.fail(where, "must be an object naming at least one extension")
            return
        for name, extension in value.items():
            here = f"{where}/{name}"
            self.rule(here, term_error(name))
            if not self.object(here, extension, ("file", "version", "abstract", "docfile"), ("file", "version")):
                continue
            if "file" in extension:
                self.rule(f"{here}/file", path_error(extension["file"]))
            if "docfile" in extension:
                self.rule(f"{here}/docfile", path_error(extension["docfile"]))
            if "version" in extension:
                self.rule(f"{here}/version", version_error(extension["version"]))
            if "abstract" in extension:
                self.rule(f"{here}/abstract", text_error(extension["abstract"]))

    # prereqs: phases, each of relationships, each of Terms to version ranges.
    def prereqs(self, where, value):
        if not self.object(where, value, PHASES):
            return
        self.at_least_one(where, value, PHASES)
        for phase in PHASES:
            if phase not in value or not self.object(f"{where}/{phase}", value[phase], RELATIONSHIPS):
                continue
            self.at_least_one(f"{where}/{phase}", value[phase], RELATIONSHIPS)
            for relationship in RELATIONSHIPS:
                prereqs = value[phase].get(relationship)
                here = f"{where}/{phase}/{relationship}"
                if prereqs is None:
                    continue
                if not isinstance(prereqs, dict) or not prereqs:
                    self.fail(here, "must be an object naming at least one prerequisite")
                    continue
                for name, version_range in prereqs.items():
                    self.rule(f"{here}/{name}", term_error(name))
                    self.rule(f"{here}/{name}", range_error(version_range))

    # resources: homepage, bugtracker and repository, each with URIs.
    def resources(self, where, value):
        if not self.object(where, value, ("homepage", "bugtracker", "repository")):
            return
        self.at_least_one(where, value, ("homepage", "bugtracker", "repository"))
        uri = lambda v: None if isinstance(v, str) and URI_RE.match(v) else f"{json.dumps(v)} is not a URI"
        if "homepage" in value:
            self.rule(f"{where}/homepage", uri(value["homepage"]))
        tracker = value.get("bugtracker")
        if tracker is not None and self.object(f"{where}/bugtracker", tracker, ("web", "mailto")):
            self.at_least_one(f"{where}/bugtracker", tracker, ("web", "mailto"))
            if "web" in tracker:
                self.rule(f"{where}/bugtracker/web", uri(tracker["web"]))
            if "mailto" in tracker and not (isinstance(tracker["mailto"], str) and EMAIL_RE.match(tracker["mailto"])):
                self.fail(f"{where}/bugtracker/mailto", f"{json.dumps(tracker['mailto'])} is not an e-mail address")
        repository = value.get("repository")
        if repository is not None and self.object(f"{where}/repository", repository, ("url", "web", "type")):
            if "web" not in repository and not ("url" in repository and "type" in repository):
                self.fail(f"{where}/repository", "needs web, or url with type")
            for key in ("url", "web"):
                if key in repository:
                    self.rule(f"{where}/repository/{key}", uri(repository[key]))
            kind = repository.get("type")
            if kind is not None and not (isinstance(kind, str) and re.match(r"^[a-z]+$", kind)):
                self.fail(f"{where}/repository/type", f"{json.dumps(kind)} is not a lowercase VCS name")

    # no_index: file and/or directory, each a Path or a non-empty array of distinct Paths.
    def no_index(self, where, value):
        if not self.object(where, value, ("file", "directory")):
            return
        self.at_least_one(where, value, ("file", "directory"))
        for key in ("file", "directory"):
            if key in value:
                if isinstance(value[key], str):
                    self.rule(f"{where}/{key}", path_error(value[key]))
                else:
                    self.unique_list(f"{where}/{key}", value[key], path_error)

    # tags: a non-empty array of distinct strings of 2 to 255 characters, no slash, backslash or control.
    def tags(self, where, value):
        def tag(item):
            if not isinstance(item, str) or not 2 <= len(item) <= 255 or any(c in "/\\" for c in item) or has_control(item):
                return f"{json.dumps(item)} is not a tag (2 to 255 characters, no slash, backslash or control character)"
            return None
        self.unique_list(where, value, tag)

    # meta-spec: {"version": "1.0.x"} and optionally the spec's url.
    def meta_spec(self, where, value):
        if not self.object(where, value, ("version", "url"), ("version",)):
            return
        if "version" in value and not (isinstance(value["version"], str) and re.match(r"^1\.0\.[0-9]+$", value["version"])):
            self.fail(f"{where}/version", f"{json.dumps(value['version'])} is not a meta-spec version 1.0.x")
        if "url" in value and value["url"] not in META_SPEC_URLS:
            self.fail(f"{where}/url", f"{json.dumps(value['url'])} is not the spec's URL ({META_SPEC_URLS[0]})")


# Every error of a parsed META.json against the spec.
def spec_errors(document):
    c = Checker()
    if not c.object("", document, REQUIRED + OPTIONAL, REQUIRED):
        return c.errors
    rules = {
        "name": lambda w, v: c.rule(w, term_error(v)),
        "version": lambda w, v: c.rule(w, version_error(v)),
        "abstract": lambda w, v: c.rule(w, text_error(v)),
        "description": lambda w, v: c.rule(w, text_error(v)),
        "generated_by": lambda w, v: c.rule(w, text_error(v)),
        "maintainer": c.maintainer,
        "license": c.license,
        "provides": c.provides,
        "prereqs": c.prereqs,
        "resources": c.resources,
        "no_index": c.no_index,
        "tags": c.tags,
        "meta-spec": c.meta_spec,
        "release_status": lambda w, v: None if v in RELEASE_STATUSES else c.fail(w, f"{json.dumps(v)} is not one of {', '.join(RELEASE_STATUSES)}"),
    }
    for key, rule in rules.items():
        if key in document:
            rule(f"/{key}", document[key])
    return c.errors


# Strict JSON: refuses a key given twice in one object (json.loads would keep the last silently).
def _no_duplicates(pairs):
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ValueError(f"key given twice: {', '.join(twice)}")
    return dict(pairs)


# Strict JSON: refuses NaN, Infinity and -Infinity, which Python reads but JSON does not have.
def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


# The document in `text`, or the reason it is no JSON object.
def parse(text):
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except ValueError as error:
        return None, [f"not valid JSON: {error}"]
    if not isinstance(document, dict):
        return None, ["at /: the document must be a JSON object"]
    return document, []
