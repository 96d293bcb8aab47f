// The settings table (core/settings.def) and the documentation must agree: every setting is a row
// of the README's configuration table with its default as SHOW prints it, PostgreSQL-only ones say
// so, a different SQLite default is named in docs/api.md, and every lucia.<name> the README or
// docs/ mention is a setting of the table. Plain C++ (no GoogleTest) so that CTest always runs it.
// Usage: settings_docs_check <source directory>
#include "core/settings.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

int failures = 0;

// Reports one disagreement; the check fails at the end if there was any.
void fail(const std::string& what) {
    std::cout << "FAIL " << what << "\n";
    ++failures;
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
    std::ifstream file(path);
    if (!file) fail("cannot read " + path.string());
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + separator.size())
        parts.push_back(text.substr(start, at - start));
    parts.push_back(text.substr(start));
    return parts;
}

std::string trim(const std::string& text) {
    std::size_t first = text.find_first_not_of(' ');
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// "`1d`" is 1d, "empty" is the empty string.
std::string documented_value(const std::string& cell) {
    std::string value = trim(cell);
    if (value == "empty") return "";
    if (value.size() >= 2 && value.front() == '`' && value.back() == '`') return value.substr(1, value.size() - 2);
    return "<not a `value` or empty: " + value + ">";
}

struct Row {
    std::string default_text;
    std::string description;
};

// The README's configuration table: "| `lucia.a`, `lucia.b` | `x`, empty | description |".
std::map<std::string, Row> configuration_table(const std::vector<std::string>& readme) {
    std::map<std::string, Row> rows;
    for (const std::string& line : readme) {
        if (line.rfind("| `lucia.", 0) != 0) continue;
        std::vector<std::string> cells = split(line, " | ");
        if (cells.size() < 3) {
            fail("README configuration row without three cells: " + line);
            continue;
        }
        std::vector<std::string> names = split(cells[0].substr(2), ", ");
        std::vector<std::string> defaults = split(cells[1], ", ");
        if (names.size() != defaults.size()) fail("README row names and defaults do not pair up: " + line);
        for (std::size_t i = 0; i < names.size(); ++i) {
            std::string name = documented_value(names[i]);
            if (rows.count(name) != 0) fail("README configuration table lists " + name + " twice");
            rows[name] = {i < defaults.size() ? documented_value(defaults[i]) : "", cells[2]};
        }
    }
    return rows;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: settings_docs_check <source directory>\n";
        return 2;
    }
    const std::filesystem::path root = argv[1];
    const std::vector<std::string> readme = read_lines(root / "README.md");
    const std::vector<std::string> api = read_lines(root / "docs" / "api.md");
    const std::map<std::string, Row> rows = configuration_table(readme);

    for (const lucia::SettingDefinition& setting : lucia::setting_definitions()) {
        auto row = rows.find(setting.name);
        if (row == rows.end()) {
            fail(std::string(setting.name) + " is not in the README's configuration table");
            continue;
        }
        const lucia::Engine documented_engine = lucia::engine_has_setting(setting, lucia::Engine::PostgreSQL)
                                                    ? lucia::Engine::PostgreSQL
                                                    : lucia::Engine::SQLite;
        const std::string initial =
            lucia::show_setting_value(setting, lucia::default_setting_value(setting, documented_engine));
        if (row->second.default_text != initial)
            fail(std::string(setting.name) + ": README says default `" + row->second.default_text +
                 "`, the table says `" + initial + "`");
        const bool postgresql_only = !lucia::engine_has_setting(setting, lucia::Engine::SQLite);
        if (postgresql_only != (row->second.description.find("(PostgreSQL)") != std::string::npos))
            fail(std::string(setting.name) + ": README says \"(PostgreSQL)\" exactly when only PostgreSQL has it");
        if (!postgresql_only) {
            const std::string sqlite_initial =
                lucia::show_setting_value(setting, lucia::default_setting_value(setting, lucia::Engine::SQLite));
            if (sqlite_initial != initial) {
                const std::string wanted = "`" + std::string(setting.name) + "` (";
                bool named = false;
                for (const std::string& line : api)
                    if (line.find(wanted) != std::string::npos &&
                        line.find("default `" + sqlite_initial + "`") != std::string::npos)
                        named = true;
                if (!named)
                    fail(std::string(setting.name) + ": docs/api.md does not give its SQLite default `" +
                         sqlite_initial + "`");
            }
        }
    }

    // Every setting the documentation mentions exists (not functions, files or Lucia's JS methods).
    std::map<std::string, bool> known;
    for (const lucia::SettingDefinition& setting : lucia::setting_definitions()) known[setting.name] = true;
    for (const auto& row : rows)
        if (known.count(row.first) == 0) fail("README documents " + row.first + ", which is not a setting");
    const std::regex mention(R"(\blucia\.([a-z][a-z_]*)(?![a-zA-Z_(*]))");
    std::vector<std::filesystem::path> documents = {root / "README.md"};
    for (const auto& entry : std::filesystem::directory_iterator(root / "docs"))
        if (entry.path().extension() == ".md") documents.push_back(entry.path());
    for (const std::filesystem::path& document : documents) {
        for (const std::string& line : read_lines(document)) {
            for (std::sregex_iterator it(line.begin(), line.end(), mention), end; it != end; ++it) {
                const std::string word = (*it)[1];
                if (word.rfind("lucia_", 0) == 0 || word == "so" || word == "control" || word == "sql") continue;
                if (known.count("lucia." + word) == 0)
                    fail(document.filename().string() + " mentions lucia." + word + ", which is not a setting");
            }
        }
    }

    if (failures != 0) {
        std::cout << "FAIL " << failures << " disagreements between core/settings.def and the documentation\n";
        return 1;
    }
    std::cout << "ok " << lucia::setting_definitions().size()
              << " settings: core/settings.def and the documentation agree\n";
    return 0;
}
